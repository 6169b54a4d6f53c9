"""`python -m gui.bench hacking`: the reward-hacking demonstration as a presenter runs it, measured.

The real window, offscreen, on its Align page; the demonstration started as its key starts it (D:
β = 0; then the same with β = 0.1 over the same steps), on the window's own worker (a spawned
process, one torch thread). For every snapshot that carries the watched answers it prints the step,
the seconds since the click, the reward (the weak reward model's score, the mean of the step's
report), the KL to the SFT model, the rater's score on the 48 held-out requests where measured,
and the rater's points for each watched answer; then how many watched answers ended worse than they
started. The numbers are the window's own: what the screen showed.
"""
from __future__ import annotations

import tempfile
import time

from .timing import offscreen_app


def run_demo(window, beta: float) -> list[tuple[float, dict]]:
    """(seconds since the click, curve row) for every row of the demonstration's run."""
    from PySide6 import QtCore
    page = window.page("align")
    rows, loop, began = [], QtCore.QEventLoop(), time.perf_counter()

    def on_snapshot(snap, _weights) -> None:
        rows.append((time.perf_counter() - began, dict(snap.metrics, step=snap.step)))
    window.worker.snapshot.connect(on_snapshot)
    window.worker.finished.connect(loop.quit)
    if not page.run_demo(beta):
        raise SystemExit(window.status())
    loop.exec()
    window.worker.snapshot.disconnect(on_snapshot)
    window.worker.finished.disconnect(loop.quit)
    return rows


def report(beta: float, rows: list[tuple[float, dict]], watched: list[str]) -> None:
    print(f"\nβ = {beta:g}: {len(rows)} snapshots, {rows[-1][0]:.0f} s from the click to the last")
    head = f"{'step':>5}{'s':>6}{'reward':>8}{'KL':>7}{'held-out':>9}" + "".join(f"{f'w{i}':>6}" for i in
                                                                                    range(len(watched)))
    print(head + "   (held-out: the rater's score on 48 held-out requests; wN: points of watched answer N, of 9)")
    first = last = None
    for seconds, row in rows:
        scores = [row.get(f"watched/{i}/score") for i in range(len(watched))]
        if scores[0] is None:
            continue
        first, last = first or scores, scores
        held = row.get("rater/score")
        print(f"{row['step']:5d}{seconds:6.0f}{row.get('reward', float('nan')):8.2f}{row.get('kl', float('nan')):7.2f}"
              + (f"{held:9.0%}" if held is not None else " " * 9) + "".join(f"{s:6.1f}" for s in scores))
    worse = [w for w, a, b in zip(watched, first, last) if b < a]
    print(f"watched answers the rater finds worse at the end than at the start: {len(worse)} of {len(watched)}"
          + (": " + "; ".join(worse) if worse else ""))


def bench_hacking(betas: tuple[float, ...] = (0.0, 0.1)) -> None:
    offscreen_app()  # the QApplication, offscreen, torch on one thread: as the window runs
    from explainer.align.watched import hacking_requests

    from ..common.screenshot_tools import open_window
    window = open_window("base", 1280, 720, runs_dir=tempfile.mkdtemp(prefix="explainer-hacking-"))
    window.show_page("align")
    watched = [r.text for r in hacking_requests()]
    print("watched: " + " | ".join(f"w{i} {t}" for i, t in enumerate(watched)))
    for beta in betas:
        report(beta, run_demo(window, beta), watched)
    window.close()
