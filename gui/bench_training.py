"""`python -m gui.bench training`: does the window stay smooth while a model trains inside it,
and does training inside the window go as fast as training without one?

Offscreen, one run after another with the same recipe (the `live` preset, the tiny world,
a fixed number of steps, skills measured at every timeline point, as the Train page runs it):

1. headless: the trainer alone in a spawned process, with the same torch thread count;
2. the app: the real window on its Train page, its curves, samples and timeline updating,
   the run in the window's worker, once per worker kind (a spawned process, a thread);
3. headless again, so a machine that got busier or quieter in between shows.

Speeds are tokens per second of wall time from the first snapshot at `--from-step` to the
last, as seen by whoever receives the snapshots; the app's is given as a fraction of the mean
headless speed (goal >= 0.9). While the app trains, a 10 ms timer of the GUI thread records
how late it fires: p50 / p95 / p99 of its intervals (goal p99 <= 50 ms; a person notices a
window that stalls for longer).
"""
from __future__ import annotations

import multiprocessing as mp
import os
import sys
import tempfile
import time

GOAL_P99_MS, GOAL_FRACTION = 50.0, 0.9
TICK_MS = 10


def _headless_main(recipe, from_step: int, threads: int, out) -> None:
    """A spawned process: build the run, train it, and report (tokens, seconds) after `from_step`."""
    import torch
    torch.set_num_threads(threads)
    trainer = recipe.build()
    start = last = None
    for snap in trainer.run():
        now = time.perf_counter()
        if start is None and snap.step >= from_step:
            start = (now, snap.tokens_seen)
        last = (now, snap.tokens_seen)
    out.put((last[1] - start[1], last[0] - start[0]))


def headless(recipe, from_step: int, threads: int) -> float:
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    process = ctx.Process(target=_headless_main, args=(recipe, from_step, threads, out), daemon=True)
    process.start()
    tokens, seconds = out.get()
    process.join()
    return tokens / seconds


def in_the_app(window, app, recipe, from_step: int, kind: str) -> tuple[float, list[float]]:
    """Train `recipe` on the window's Train page with a `kind` worker: (tokens/s, GUI timer intervals in ms)."""
    from PySide6 import QtCore
    page = window.page("train")
    window.worker.kind = kind
    intervals, marks, state = [], [], {"last": None, "on": False}

    def tick() -> None:
        now = time.perf_counter()
        if state["on"] and state["last"] is not None:
            intervals.append((now - state["last"]) * 1000)
        state["last"] = now

    def on_snapshot(snap, _weights) -> None:
        if snap.step >= from_step:
            state["on"] = True
            marks.append((time.perf_counter(), snap.tokens_seen))

    timer = QtCore.QTimer()
    timer.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    window.worker.snapshot.connect(on_snapshot)
    loop = QtCore.QEventLoop()
    window.worker.finished.connect(loop.quit)
    timer.start()
    page.start(recipe)
    loop.exec()
    timer.stop()
    window.worker.snapshot.disconnect(on_snapshot)
    window.worker.finished.disconnect(loop.quit)
    if len(marks) < 2:
        raise SystemExit(f"the {kind} run ended before step {from_step}: {window.status()}")
    (t0, k0), (t1, k1) = marks[0], marks[-1]
    return (k1 - k0) / (t1 - t0), intervals


def bench_training(preset: str, steps: int, from_step: int, kinds: list[str], threads: int, model: str):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    import torch
    torch.set_num_threads(1)  # the window's own thread count
    import pyqtgraph as pg
    from PySide6 import QtWidgets

    from explainer.train.recipes import PretrainRecipe

    from . import qt_main_window
    from .bench import _percentile

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    pg.setConfigOptions(useOpenGL=False, antialias=True, background="w", foreground="k")
    scratch = tempfile.mkdtemp(prefix="explainer-bench-")

    def recipe(name: str) -> PretrainRecipe:
        return PretrainRecipe(out=os.path.join(scratch, name), preset=preset, minutes=None, steps=steps,
                              world_mb=6.0, save_every_minutes=1.0, command="python -m gui.bench training")

    print(f"preset {preset}, {steps} steps, measured from step {from_step}; torch threads {threads} in the worker, "
          f"1 in the window; {os.cpu_count()} CPUs; runs in {scratch}")
    print(f"The app trains with a {qt_main_window.WORKER_KIND} worker and {qt_main_window.WORKER_THREADS} torch "
          "thread: a spawned process keeps the training away from the window's interpreter (its lock and its "
          "garbage collector), and one thread leaves the second core to the window.")
    speeds = {"headless (before)": headless(recipe("headless-1"), from_step, threads)}
    print(f"headless: {speeds['headless (before)']:,.0f} tokens/s", flush=True)
    window = qt_main_window.QtMainWindow(model, runs_dir=scratch)
    window.resize(1440, 900)
    window.show()
    app.processEvents()
    window.load()
    window.show_page("train")
    window.worker.threads = threads
    timers = {}
    for kind in kinds:
        speeds[f"app, {kind} worker"], timers[kind] = in_the_app(window, app, recipe(f"app-{kind}"), from_step, kind)
        print(f"app, {kind} worker: {speeds[f'app, {kind} worker']:,.0f} tokens/s", flush=True)
    window.worker.kind = qt_main_window.WORKER_KIND
    window.close()
    speeds["headless (after)"] = headless(recipe("headless-2"), from_step, threads)
    base = (speeds["headless (before)"] + speeds["headless (after)"]) / 2
    print()
    print(f"{'run':<22}{'tokens/s':>10}{'of headless':>13}{'timer p50':>11}{'p95':>7}{'p99':>7}  (10 ms timer, ms)")
    verdicts = []
    for name, speed in speeds.items():
        kind = name.split(", ")[1].split()[0] if name.startswith("app") else None
        line = f"{name:<22}{speed:10,.0f}{speed / base:13.2f}"
        if kind:
            ticks = timers[kind]
            p = [_percentile(ticks, q) for q in (50, 95, 99)]
            line += f"{p[0]:11.1f}{p[1]:7.1f}{p[2]:7.1f}"
            ok = p[2] <= GOAL_P99_MS and speed / base >= GOAL_FRACTION
            verdicts.append(f"{kind} worker {'meets' if ok else 'misses'} the goals (p99 <= {GOAL_P99_MS:.0f} ms, "
                            f">= {GOAL_FRACTION:.0%} of headless)")
        print(line)
    for verdict in verdicts:
        print(verdict)
    return speeds, timers
