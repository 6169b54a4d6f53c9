"""`python -m gui.bench step`: how long from a Step to every visible view repainted.

Offscreen, on the bundled model, with the context window full (128 tokens for the base
model). For each view tab in turn, N steps are timed from `Exploration.step()`
until the window has processed its events and repainted synchronously the chips,
the text and the visible view, i.e. what a person waits for.
The goal is p95 <= 50 ms on a 2-core laptop.
"""
from __future__ import annotations

import time

from .timing import FILLER, fill_window, offscreen_app, percentile

GOAL_P95_MS = 50.0


def _exploration(model: str):
    from explainer import SamplerSettings, load_model
    from explainer.explore import Exploration

    lm = load_model(model)
    model_obj, info, name = lm.model, lm.info, lm.path.name
    ex = Exploration(model_obj, lm.tokenizer, settings=SamplerSettings(), seed=0, prompt=FILLER)
    fill_window(ex)
    assert len(ex.window) == model_obj.config.block_size
    return ex, info, name


def bench_step(model: str, steps: int, warmup: int) -> dict[str, tuple[float, float]]:
    app = offscreen_app()
    import torch

    from explainer.tracing import trace

    from ..common.qt_main_window import QtMainWindow

    ex, info, name = _exploration(model)
    window = QtMainWindow(name, exploration=ex, info=info)
    window.resize(1440, 900)
    window.show()
    app.processEvents()
    print(f"{window.model_label.text()}; context {len(ex.window)} tokens; {steps} steps per view; "
          f"torch threads {torch.get_num_threads()}; Qt platform {app.platformName()}")

    forward = []
    for _ in range(steps):
        t0 = time.perf_counter()
        trace(ex.model, ex.window, parts=ex.PARTS)
        forward.append((time.perf_counter() - t0) * 1000)
    results = {"(forward pass alone)": (percentile(forward, 50), percentile(forward, 95))}

    for key in window.views.keys:
        window.views.show_view(key)
        app.processEvents()
        window.repaint()
        times = []
        for i in range(warmup + steps):
            while ex.ended:  # the model ended its text: another roll of the dice, outside the timing
                ex.back()
                ex.set_seed(ex.seed + 1)
                app.processEvents()
            t0 = time.perf_counter()
            ex.step()
            app.processEvents()  # queued updates, layouts and paints of the widgets that changed
            for widget in (window.chips, window.generated, window.views.currentWidget()):
                widget.repaint()  # and a synchronous paint of each visible view, in case any was pending
            if i >= warmup:
                times.append((time.perf_counter() - t0) * 1000)
        results[window.views.tabText(window.views.currentIndex()).strip()] = (
            percentile(times, 50), percentile(times, 95))
    window.close()
    return results
