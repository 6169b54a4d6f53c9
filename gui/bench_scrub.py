"""`python -m gui.bench scrub`: how long from a move of the timeline slider to every visible view repainted.

Offscreen, on the bundled model's timeline (8 snapshots), with the context window full, as
the step benchmark. For each view tab in turn the slider is moved N times, to the next
snapshot and back at the ends, so every move puts other weights behind the views; each is
timed from the slider's new value until the window has processed its events and repainted
synchronously the timeline, the chips, the text and the visible view. Goal: p95 <= 100 ms.
"""
from __future__ import annotations

import os
import sys
import time

GOAL_P95_MS = 100.0


def bench_scrub(model: str, moves: int, warmup: int) -> dict[str, tuple[float, float]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    import torch
    torch.set_num_threads(1)  # as the app runs
    import pyqtgraph as pg
    from PySide6 import QtWidgets

    from .bench import FILLER, _percentile
    from .qt_main_window import QtMainWindow

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    pg.setConfigOptions(useOpenGL=False, antialias=True, background="w", foreground="k")
    window = QtMainWindow(model)
    window.resize(1440, 900)
    window.show()
    app.processEvents()
    window.load()
    if window.exploration is None:
        raise SystemExit(f"no model could be loaded from {model!r}")
    ex = window.exploration
    ex.set_prompt(FILLER * (1 + 2 * ex.model.config.block_size // max(1, len(ex.prompt_tokens))))
    timeline = window.page("explore").timeline
    n = len(window.player.positions())
    if n < 2:
        raise SystemExit(f"{model!r} has {n} snapshot(s) on its timeline: nothing to scrub")
    app.processEvents()
    print(f"{window.model_label.text()}; {n} snapshots; context {len(ex.window)} tokens; {moves} moves per view; "
          f"torch threads {torch.get_num_threads()}; Qt platform {app.platformName()}")
    results = {}
    index, direction = timeline.slider.value(), -1
    for key in window.views.keys:
        window.views.show_view(key)
        app.processEvents()
        window.repaint()
        times = []
        for i in range(warmup + moves):
            if not 0 <= index + direction < n:
                direction = -direction
            index += direction
            t0 = time.perf_counter()
            timeline.slider.setValue(index)  # what a drag or a click on the slider does
            app.processEvents()
            for widget in (timeline, window.chips, window.generated, window.views.currentWidget()):
                widget.repaint()
            if i >= warmup:
                times.append((time.perf_counter() - t0) * 1000)
        results[window.views.tabText(window.views.currentIndex()).strip()] = (
            _percentile(times, 50), _percentile(times, 95))
    window.close()
    return results


def report(results: dict[str, tuple[float, float]]) -> None:
    print(f"{'view':<24}{'p50 ms':>9}{'p95 ms':>9}")
    worst = 0.0
    for view, (p50, p95) in results.items():
        print(f"{view:<24}{p50:9.1f}{p95:9.1f}")
        worst = max(worst, p95)
    verdict = "meets" if worst <= GOAL_P95_MS else "misses"
    print(f"worst p95 {worst:.1f} ms: {verdict} the goal of {GOAL_P95_MS:.0f} ms")
