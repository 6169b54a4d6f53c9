"""`python -m gui.bench step`: how long from a Step to every visible view repainted.

Offscreen, on the bundled model, with the context window full (128 tokens for the base
model). For each view tab in turn, N steps are timed from `Exploration.step()`
until the window has processed its events and repainted synchronously the chips,
the text and the visible view, i.e. what a person waits for.
The goal is p95 <= 50 ms on a 2-core laptop. A real model (`--model` a Hugging Face folder,
docs/real-models.md) is measured at 128 tokens (`--tokens`), against the goal of issue 18:
p95 <= 200 ms for a model of GPT-2 small's shape.
"""
from __future__ import annotations

import time

from .timing import FILLER, fill_window, offscreen_app, percentile

GOAL_P95_MS = 50.0
REAL_GOAL_P95_MS = 200.0
TOKENS = 128  # the bundled model's full window, and what a real model is measured at


def goal_for(model: str) -> float:
    from explainer.real import folder_kind
    return REAL_GOAL_P95_MS if folder_kind(model) in ("huggingface", "revisions") else GOAL_P95_MS


def _exploration(model: str, tokens: int):
    """The model on a shelf and an Exploration of its inspection copy, as the window's `load` makes them."""
    from explainer import SamplerSettings, load_model
    from explainer.explore import Exploration
    from explainer.shelf import ModelShelf

    from ..common.shelf_files import put_on_shelf

    lm = load_model(model)
    shelf = ModelShelf()
    key, _ = put_on_shelf(shelf, lm)
    ex = Exploration(shelf.show(key), lm.tokenizer, settings=SamplerSettings(), seed=0, prompt=FILLER)
    fill_window(ex, tokens)
    return ex, lm.info, lm.path.name, shelf


def bench_step(model: str, steps: int, warmup: int, tokens: int = TOKENS) -> dict[str, tuple[float, float]]:
    app = offscreen_app()
    import torch

    from explainer.tracing import trace

    from ..common.qt_main_window import QtMainWindow

    ex, info, name, shelf = _exploration(model, tokens)
    window = QtMainWindow(name)
    window.set_exploration(ex, info, name, shelf=shelf)
    window.resize(1440, 900)
    window.show()
    app.processEvents()
    full = len(ex.window) >= ex.context
    print(f"{window.model_label.text()}; context {len(ex.window)} tokens ("
          + ("full: each step slides the window" if full else f"of {ex.context}: each step extends the trace")
          + f"); {steps} steps per view; "
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
