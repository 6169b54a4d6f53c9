"""`python -m gui.train.screenshots`: the Train page's pictures in docs/screenshots, 1280 × 720.

`train_early.png` / `train_late.png`: a `live` run trained inside the window from random numbers,
paused early (step 150 or just after) and at its end; `train_skills.png` and `train_compute.png`:
the same run's other two views at its end; `train_skills_base.png` and `train_compute_base.png`:
the bundled model's. The run is a fixed recipe (seed 0, a step budget, not a time budget), so its
curves are the same on any machine; only how many steps have passed when the early picture is
taken depends on the machine's speed. A few minutes; run under Xvfb (gui/common/screenshot_tools.py).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from ..common.screenshot_tools import open_window, save_png, start_app, wait_until

TRAIN_STEPS, EARLY_STEP = 1500, 150


def train_pictures(window, app, save) -> bool:
    """A live run inside the window, early and late; False if it could not run."""
    from explainer.train.recipes import PretrainRecipe
    page = window.page("train")
    window.show_page("train")
    page.views.setCurrentIndex(2)
    save(window, "train_compute_base")
    page.views.setCurrentIndex(1)
    save(window, "train_skills_base")
    page.views.setCurrentIndex(0)
    page.setup.set_preset("live")
    recipe = PretrainRecipe(out=tempfile.mkdtemp(prefix="explainer-shots-"), preset="live", minutes=None,
                            steps=TRAIN_STEPS, world_mb=6.0, command="python -m gui.train.screenshots")
    if not page.start(recipe):
        return False

    def step() -> int:
        model = page.shelf.models.get(page.run_key) if page.run_key else None
        return model.curve[-1]["step"] if model is not None and model.curve else -1
    if not wait_until(app, lambda: step() >= EARLY_STEP, 600):
        return False
    window.worker.pause()
    wait_until(app, lambda: False, 1.0)  # what was on its way arrives
    save(window, "train_early")
    window.worker.resume()
    if not wait_until(app, lambda: not window.worker.busy, 1800):
        return False
    save(window, "train_late")
    page.views.setCurrentIndex(1)
    save(window, "train_skills")
    page.views.setCurrentIndex(2)
    save(window, "train_compute")
    page.views.setCurrentIndex(0)
    return True


def take(app, out: Path, model: str = "base") -> int:
    """The Train page's pictures into `out`; 0, or 1 if the run could not be made."""
    runs = out / ".runs-not-kept"
    window = open_window(model, 1280, 720, runs_dir=str(runs))
    done = window.exploration is not None and train_pictures(
        window, app, lambda w, name: save_png(app, w, out / f"{name}.png"))
    window.close()
    shutil.rmtree(runs, ignore_errors=True)
    if not done:
        print("the training pictures could not be taken", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gui.train.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="base", help="bundled model name or folder (default: base)")
    parser.add_argument("--out", default="docs/screenshots", help="folder for the PNGs")
    args = parser.parse_args(argv)
    return take(start_app(), Path(args.out), args.model)


if __name__ == "__main__":
    sys.exit(main())
