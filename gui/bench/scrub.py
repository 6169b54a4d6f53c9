"""`python -m gui.bench scrub`: how long from a move of the timeline slider to every visible view repainted.

Offscreen, on the bundled model's timeline (8 snapshots), with the context window full, as
the step benchmark. For each view tab in turn the slider is moved N times, to the next
snapshot and back at the ends, so every move puts other weights behind the views; each is
timed from the slider's new value until the window has processed its events and repainted
synchronously the timeline, the chips, the text and the visible view. Goal: p95 <= 100 ms.
"""
from __future__ import annotations

import time

from .timing import fill_window, offscreen_app, percentile

GOAL_P95_MS = 100.0


def bench_scrub(model: str, moves: int, warmup: int) -> dict[str, tuple[float, float]]:
    app = offscreen_app()
    import torch

    from ..common.qt_main_window import QtMainWindow

    window = QtMainWindow(model)
    window.resize(1440, 900)
    window.show()
    app.processEvents()
    window.load()
    if window.exploration is None:
        raise SystemExit(f"no model could be loaded from {model!r}")
    ex = window.exploration
    fill_window(ex)
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
            percentile(times, 50), percentile(times, 95))
    window.close()
    return results
