"""What the window benchmarks share: percentiles, the filler text that fills a context window,
the offscreen app as the window runs it, and the table of per-view times with its verdict."""
from __future__ import annotations

import os
import sys
import tempfile

FILLER = "Once upon a time, Tom and his dog Max went to the park. They played with a red ball. "


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile `q` (0..100) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def spread(values: list[float]) -> float:
    """Round-to-round spread: (largest - smallest) / median; 0 for a single round."""
    if len(values) < 2 or not percentile(values, 50):
        return 0.0
    return (max(values) - min(values)) / percentile(values, 50)


def offscreen_app():
    """The QApplication as the benchmarks run it: offscreen, pyqtgraph without OpenGL, torch on one thread,
    and the default theme and zoom (the user's remembered ones are neither read nor changed)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if "EXPLAINER_SETTINGS" not in os.environ:
        os.environ["EXPLAINER_SETTINGS"] = os.path.join(tempfile.mkdtemp(prefix="explainer-bench-"), "settings.json")
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    import torch
    torch.set_num_threads(1)  # as the app runs
    import pyqtgraph as pg
    from PySide6 import QtWidgets

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    pg.setConfigOptions(useOpenGL=False, antialias=True, background="w", foreground="k")
    return app


def fill_window(ex, tokens: int | None = None) -> None:
    """A prompt longer than the model's context window: every step then slides a full window. With
    `tokens`, a prompt of that many tokens instead (a large model's 128 of the 256 its views read)."""
    if tokens is None or tokens >= ex.context:
        ex.set_prompt(FILLER * (1 + 2 * ex.model.config.block_size // max(1, len(ex.prompt_tokens))))
        return
    ids = ex.tokenizer.encode(FILLER * (1 + tokens // 10))[:tokens]
    ex.set_prompt(ex.tokenizer.decode(ids))


def report(results: dict[str, tuple[float, float]], goal_p95_ms: float) -> float:
    """One line per view (p50, p95) and the verdict on the worst p95 (a name in parentheses is a
    reference, not a view); returns the worst p95."""
    print(f"{'view':<24}{'p50 ms':>9}{'p95 ms':>9}")
    worst = 0.0
    for view, (p50, p95) in results.items():
        print(f"{view:<24}{p50:9.1f}{p95:9.1f}")
        if not view.startswith("("):
            worst = max(worst, p95)
    verdict = "meets" if worst <= goal_p95_ms else "misses"
    print(f"worst p95 {worst:.1f} ms: {verdict} the goal of {goal_p95_ms:.0f} ms")
    return worst
