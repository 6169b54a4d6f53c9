"""`python -m gui.bench step | scrub | training`: how the window keeps up.

`step` (here): how long from a Step to every visible view repainted. `scrub`
(gui/bench_scrub.py): from a move of the timeline slider to every visible view repainted.
`training` (gui/bench_training.py): the GUI timer and the training speed while a model
trains inside the window, for each worker kind.


Offscreen, on the bundled model, with the context window full (128 tokens for the base
model). For each view tab in turn, N steps are timed from `Exploration.step()`
until the window has processed its events and repainted synchronously the chips,
the text and the visible view, i.e. what a person waits for.
The goal is p95 <= 50 ms on a 2-core laptop.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

GOAL_P95_MS = 50.0
FILLER = "Once upon a time, Tom and his dog Max went to the park. They played with a red ball. "


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def _exploration(model: str):
    from explainer import SamplerSettings, load_model
    from explainer.explore import Exploration

    lm = load_model(model)
    model_obj, info, name = lm.model, lm.info, lm.path.name
    ex = Exploration(model_obj, lm.tokenizer, settings=SamplerSettings(), seed=0, prompt=FILLER)
    block = model_obj.config.block_size
    ex.set_prompt(FILLER * (1 + 2 * block // max(1, len(ex.prompt_tokens))))  # more than a window: it slides
    assert len(ex.window) == block
    return ex, info, name


def bench_step(model: str, steps: int, warmup: int) -> dict[str, tuple[float, float]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    import torch
    torch.set_num_threads(1)  # as the app runs
    import pyqtgraph as pg
    from PySide6 import QtWidgets

    from explainer.tracing import trace

    from .qt_main_window import QtMainWindow

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    pg.setConfigOptions(useOpenGL=False, antialias=True, background="w", foreground="k")
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
    results = {"(forward pass alone)": (_percentile(forward, 50), _percentile(forward, 95))}

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
            _percentile(times, 50), _percentile(times, 95))
    window.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gui.bench", description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["step", "scrub", "training"], help="what to time")
    parser.add_argument("--model", default="base", help="bundled model name or folder (default: base)")
    parser.add_argument("--steps", type=int, default=None,
                        help="step: timed steps per view (40); scrub: slider moves per view (40); "
                             "training: the run's steps (900)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--preset", default="live", help="training: the preset (default live)")
    parser.add_argument("--from-step", type=int, default=100, help="training: measure from this step on (100)")
    parser.add_argument("--kinds", default="process,thread", help="training: worker kinds to try (process,thread)")
    parser.add_argument("--threads", type=int, default=1, help="training: torch threads of the worker (1)")
    parser.add_argument("--rounds", type=int, default=2, help="training: rounds of headless + each kind (2)")
    args = parser.parse_args(argv)
    if args.what == "training":
        from .bench_training import bench_training
        bench_training(args.preset, args.steps or 900, args.from_step, args.kinds.split(","), args.threads,
                       args.model, args.rounds)
        return 0
    if args.what == "scrub":
        from .bench_scrub import bench_scrub, report
        report(bench_scrub(args.model, args.steps or 40, args.warmup))
        return 0
    results = bench_step(args.model, args.steps or 40, args.warmup)
    print(f"{'view':<24}{'p50 ms':>9}{'p95 ms':>9}")
    worst = 0.0
    for view, (p50, p95) in results.items():
        print(f"{view:<24}{p50:9.1f}{p95:9.1f}")
        if not view.startswith("("):
            worst = max(worst, p95)
    verdict = "meets" if worst <= GOAL_P95_MS else "misses"
    print(f"worst p95 {worst:.1f} ms: {verdict} the goal of {GOAL_P95_MS:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
