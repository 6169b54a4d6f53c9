"""`python -m gui.bench training`: does the window stay smooth while a model trains inside it,
and does training inside the window go as fast as training without one?

Offscreen, one run after another with the same recipe (the `live` preset, the tiny world,
a fixed number of steps, skills measured at every timeline point, as the Train page runs it):

1. headless: the trainer alone in a spawned process, with the same torch thread count;
2. the app: the real window on its Train page, its curves, samples and timeline updating,
   the run in the window's worker, once per worker kind (a spawned process, a thread);
and that again (`--rounds`, 2): each app run is compared with the headless run of its round,
so a machine that gets busier or quieter in between does not decide the result, and the
table gives each speed's round-to-round spread ((max - min) / median): a spread larger than
the gap to the goal says the machine, not the app, decided. 500 steps by default, about 3
minutes in all on 2 cores.

Speeds are tokens per second of wall time from the first snapshot at `--from-step` to the
last, as seen by whoever receives the snapshots; the app's is given as a fraction of the mean
headless speed (goal >= 0.9). While the app trains, a 10 ms timer of the GUI thread records
how late it fires: p50 / p95 / p99 of its intervals (goal p99 <= 50 ms; a person notices a
window that stalls for longer).

`--preset rlhf` (or sft, reward, dpo: the alignment stages' presets, `ALIGN_PRESETS`) runs that
stage instead, from the bundled models (RLHF: the bundled SFT model against the bundled reward
model), on the window's Align page as a person starts it there.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import tempfile
import time

from .timing import offscreen_app, percentile, spread

GOAL_P99_MS, GOAL_FRACTION = 50.0, 0.9
TICK_MS = 10
STAGE_START = {"sft": "base", "reward": "sft", "rlhf": "sft", "dpo": "sft"}  # the bundled model each starts from


def align_recipe(stage: str, out: str, steps: int):
    """An alignment stage from the bundled models, as the Align page runs it (pairs from the bundled reward model)."""
    from explainer.align.recipes import AlignRecipe

    from ..align.stages import bundled
    start, reward = bundled(STAGE_START[stage]), bundled("reward")
    if start is None or (stage != "sft" and reward is None):
        raise SystemExit(f"--preset {stage} needs the bundled {STAGE_START[stage]} and reward models (assets/models)")
    over = {"reward": str(reward)} if stage == "rlhf" else {"pairs_from": str(reward)} if stage != "sft" else {}
    return AlignRecipe(stage=stage, out=out, start=str(start), steps=steps, save_every_minutes=1.0,
                       command="python -m gui.bench training", **over)


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
    """Train `recipe` on the window's Train page (an alignment stage: its Align page) with a `kind`
    worker: (tokens/s, GUI timer intervals in ms)."""
    from PySide6 import QtCore
    align = getattr(recipe, "stage", None) is not None
    page = window.page("align" if align else "train")
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
    if align:
        page.start(recipe, f"bench: {recipe.stage}", recipe.stage)
    else:
        page.start(recipe)
    loop.exec()
    timer.stop()
    window.worker.snapshot.disconnect(on_snapshot)
    window.worker.finished.disconnect(loop.quit)
    if len(marks) < 2:
        raise SystemExit(f"the {kind} run ended before step {from_step}: {window.status()}")
    (t0, k0), (t1, k1) = marks[0], marks[-1]
    return (k1 - k0) / (t1 - t0), intervals


def bench_training(preset: str, steps: int, from_step: int, kinds: list[str], threads: int, model: str,
                   rounds: int = 2):
    app = offscreen_app()  # torch on one thread: the window's own thread count

    from explainer.train.recipes import PretrainRecipe

    from ..common import qt_main_window

    began = time.monotonic()
    scratch = tempfile.mkdtemp(prefix="explainer-bench-")

    def recipe(name: str):
        if preset in STAGE_START:
            return align_recipe(preset, os.path.join(scratch, name), steps)
        return PretrainRecipe(out=os.path.join(scratch, name), preset=preset, minutes=None, steps=steps,
                              world_mb=6.0, save_every_minutes=1.0, command="python -m gui.bench training")

    print(f"preset {preset}, {steps} steps, measured from step {from_step}; torch threads {threads} in the worker, "
          f"1 in the window; {os.cpu_count()} CPUs; {rounds} round(s); runs in {scratch}")
    print(f"The app trains with a {qt_main_window.WORKER_KIND} worker and {qt_main_window.WORKER_THREADS} torch "
          f"thread ({qt_main_window.WORKER_REASON})")
    window = qt_main_window.QtMainWindow(model, runs_dir=scratch)
    window.resize(1440, 900)
    window.show()
    app.processEvents()
    window.load()
    window.show_page("align" if preset in STAGE_START else "train")
    window.worker.threads = threads
    fractions = {k: [] for k in kinds}
    speeds = {k: [] for k in ["headless"] + kinds}
    timers = {k: [] for k in kinds}
    for r in range(rounds):  # the machine's speed drifts: each app run is compared with the headless run beside it
        alone = headless(recipe(f"headless-{r}"), from_step, threads)
        speeds["headless"].append(alone)
        line = [f"round {r + 1}: headless {alone:,.0f}"]
        for kind in kinds:
            speed, ticks = in_the_app(window, app, recipe(f"app-{kind}-{r}"), from_step, kind)
            speeds[kind].append(speed)
            timers[kind] += ticks
            fractions[kind].append(speed / alone)
            line.append(f"{kind} {speed:,.0f} ({speed / alone:.2f})")
        print(", ".join(line) + " tokens/s", flush=True)
    window.worker.kind = qt_main_window.WORKER_KIND
    window.close()
    print(f"wall time {time.monotonic() - began:.0f} s")
    print()
    print(f"{'run':<10}{'tokens/s':>10}{'spread':>8}{'of headless':>13}{'timer p50':>11}{'p95':>7}{'p99':>7}  "
          "(medians over rounds; spread: (max - min) / median of the rounds; 10 ms timer intervals in ms)")
    print(f"{'headless':<10}{percentile(speeds['headless'], 50):10,.0f}{spread(speeds['headless']):8.0%}{1:13.2f}")
    for kind in kinds:
        p = [percentile(timers[kind], q) for q in (50, 95, 99)]
        fraction = percentile(fractions[kind], 50)
        print(f"{kind:<10}{percentile(speeds[kind], 50):10,.0f}{spread(speeds[kind]):8.0%}{fraction:13.2f}"
              f"{p[0]:11.1f}{p[1]:7.1f}{p[2]:7.1f}")
        ok = p[2] <= GOAL_P99_MS and fraction >= GOAL_FRACTION
        print(f"  {kind} worker {'meets' if ok else 'misses'} the goals (p99 <= {GOAL_P99_MS:.0f} ms, "
              f">= {GOAL_FRACTION:.0%} of headless)")
    return speeds, timers
