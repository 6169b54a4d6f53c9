"""The timeline and Train page pictures of `python -m gui.screenshots` (see there for how to run it).

`scrub_<step>.png`: the bundled model's attention grid with the timeline at steps 0, 300 and
6000, on the same story. `train_early.png` / `train_late.png`: a `live` run trained inside the
window from random numbers, paused early (step 150 or just after) and at its end;
`train_skills.png` and `train_compute.png`: the same run's other two views at its end, and
`train_skills_base.png`: what the bundled model learned when. The run is a fixed recipe (seed
0, a step budget, not a time budget), so its curves are the same on any machine; only how
many steps have passed when the early picture is taken depends on the machine's speed.
"""
from __future__ import annotations

import tempfile
import time

SCRUB_STEPS = (0, 300, 6000)
TRAIN_STEPS, EARLY_STEP = 1500, 150
STORY = "Once upon a time, there was a little girl called"


def wait_until(app, done, timeout_s: float) -> bool:
    end = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > end:
            return False
        app.processEvents()
        time.sleep(0.02)  # a screenshot tool, not a test
    return True


def scrub_pictures(window, save, suffix: str = "") -> None:
    """The attention grid at three snapshots of the bundled model's timeline."""
    ex = window.exploration
    window.show_page("explore")
    window.prompt.set_chat(False)
    ex.set_seed(0)
    ex.set_prompt(STORY)
    for _ in range(12):
        ex.step()
    window.views.show_view("grid")
    timeline = window.page("explore").timeline
    steps = [p.step for p in window.player.positions()]
    for step in SCRUB_STEPS:
        if step in steps:
            timeline.slider.setValue(steps.index(step))
            save(window, f"scrub_step{step}{suffix}")
    timeline.slider.setValue(len(steps) - 1)


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
                            steps=TRAIN_STEPS, world_mb=6.0, command="python -m gui.screenshots")
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
