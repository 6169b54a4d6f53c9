"""`python -m gui.align.screenshots`: the Align page pictures in docs/screenshots (align_*.png), 1280 × 720.

Run under Xvfb for a real desktop's fonts: `xvfb-run -a -s "-screen 0 1920x1080x24" python -m
gui.align.screenshots`. Pictures: the pipeline before anything runs, each step with its bundled
model (SFT, reward model, RLHF, DPO), a live SFT run paused part-way, the rating panel after a
few votes (written to a scratch ratings file, never the user's), inside the reward model, and the
reward-hacking demonstration before and after (it runs for real: a few minutes). `--models`
names another folder of bundled models (the same names as assets/models), for a machine where
they are not installed yet.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

SFT_LIVE_STEP = 100


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gui.align.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--models", default=None, help="a folder of bundled models (default: assets/models)")
    parser.add_argument("--skip-live", action="store_true", help="no live runs (the SFT run and the demo)")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    import torch
    torch.set_num_threads(1)
    import pyqtgraph as pg
    from PySide6 import QtWidgets

    from ..common import shelf_files
    from ..common.qt_main_window import QtMainWindow
    from ..common.screenshot_tools import wait_until
    from . import qt_align_page, stages
    if args.models:
        stages.MODELS = shelf_files.MODELS = Path(args.models).resolve()
    scratch = Path(tempfile.mkdtemp(prefix="explainer-align-shots-"))
    qt_align_page.ratings_path = lambda: scratch / "ratings.jsonl"
    os.environ.setdefault("EXPLAINER_SETTINGS", str(scratch / "settings.json"))  # the default theme and zoom
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    pg.setConfigOptions(antialias=True, background="w", foreground="k")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    window = QtMainWindow(str(stages.MODELS / "base") if args.models else "base", runs_dir=str(scratch / "runs"))
    window.resize(1280, 720)
    window.show()
    app.processEvents()
    window.load()
    window.show_page("align")
    page = window.page("align")

    def save(name: str) -> None:
        for _ in range(5):
            app.processEvents()
        page.curves.draw_now()
        page.hacking.curves.draw_now()
        window.grab().toImage().save(str(out / f"align_{name}.png"), "PNG", 0)
        print(f"align_{name}.png", flush=True)

    page.select("base")
    save("pipeline")
    for key in ("sft", "reward", "rlhf", "dpo"):
        if page.use_bundled(key):
            save(key)
    page.show_part("rate")  # rate: the bundled SFT model's answers
    page.player.show_model("sft") if "sft" in window.shelf.models else None
    page._rate_shown()
    for vote in (0, 1, 0):
        page._vote(vote)
    save("rate")
    page.show_part("inside")
    save("inside")
    page.inside.set_answer(1, "Ugh, too many questions. Mia loves to eat apples. Mia loves to eat apples.")
    save("inside_typed")
    page.show_part("hacking")
    save("hacking_before")
    if not args.skip_live:
        page.select("sft")
        page.steps = 300
        if page.run("sft"):
            def step() -> int:
                model = window.shelf.models.get(page._run_key) if page._run_key else None
                return model.curve[-1]["step"] if model is not None and model.curve else -1
            wait_until(app, lambda: step() >= SFT_LIVE_STEP, 600)
            window.worker.pause()
            wait_until(app, lambda: False, 1.0)
            save("sft_live")
            window.worker.cancel()
            wait_until(app, lambda: not window.worker.busy, 120)
        if page.run_demo(0.0):
            wait_until(app, lambda: not window.worker.busy, 1800)
            page.hacking.refresh(page.hacking.curves.model)
            save("hacking_after")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
