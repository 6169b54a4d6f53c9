"""`python -m gui.explore.screenshots`: the Explore page's pictures in docs/screenshots, the same way every time.

Every scene is taken twice: at 1280 × 720 with the normal text size (a small laptop or an old
projector), as `explore_<scene>.png`, and at 1920 × 1080 zoomed to 150% (a room's projector), as
`explore_<scene>_1080p.png`. Each scene sets its prompt, seed and settings and steps the model, so
the same model gives the same pictures. The timeline pictures (`scrub_step*.png`, both sizes) put
the bundled model's snapshots at steps 0, 300 and 6000 behind the attention grid; `theme_dark.png`
and `theme_contrast.png` the dials scene in the dark and the high-contrast theme (docs/themes.md,
1280 × 720 only). Run under Xvfb (see gui/common/screenshot_tools.py); `--only explore|scrub|themes`
takes one group.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..common.screenshot_tools import open_window, save_png, start_app

SIZES = ((1280, 720, 1.0, ""), (1920, 1080, 1.5, "_1080p"))  # width, height, zoom, file suffix
STORY = "Once upon a time, there was a little girl called"


def scenes(window, app):
    """(name, set up the window) in the order they are taken; each starts from the story."""
    from explainer import SamplerSettings

    ex = window.exploration

    def story(steps: int = 0) -> None:
        window.prompt.set_chat(False)
        ex.set_settings(SamplerSettings())
        ex.set_seed(0)
        ex.set_prompt(STORY)
        # a few tokens of story, stopped where the model hesitates: that is where the bars and dials teach
        for n in range(30 if not steps else steps):
            if not steps and n >= 6 and ex.candidates(1)[0].model_prob < 0.6:
                break
            ex.step()

    def view(key: str, steps: int = 16):
        def show() -> None:
            story(steps)
            window.views.show_view(key)
            if key == "head":
                window.views.views["head"].set_head(1, 2)
        return show

    def filters() -> None:
        story()
        ex.set_settings(SamplerSettings(temperature=1.3, top_k=4, top_p=1.0))

    def chat() -> None:
        story()
        window.views.show_view("next")
        window.prompt.set_chat(True)
        ex.set_chat("How can I break Sam's ball?")
        for _ in range(40):
            window.controls.step()
            if ex.ended:
                break

    def odd() -> None:
        window.prompt.set_chat(False)
        window.views.show_view("lens")
        ex.set_prompt("Once upon a time, " * 200 + "Tom 🐱 likes fish. He said שלום")
        for _ in range(6):
            window.controls.step()  # it says so on the status line if the model ends the text
        window.report(window.status() or ex.notice)

    def help_card() -> None:
        story()
        window.views.show_view("next")
        window.help.open()

    return [("next_token", lambda: (story(), window.views.show_view("next"))), ("filters", filters),
            ("attention", view("grid")), ("head", view("head")), ("layers", view("lens")),
            ("neurons", view("neurons")), ("position", view("embed")), ("chat", chat), ("odd_input", odd),
            ("help", help_card)]


SCRUB_STEPS = (0, 300, 6000)


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


def theme_pictures(window, app, save) -> None:
    """The dials scene (bars cut by top-k, the dashed outline, the text's marks) in each dark theme."""
    from ..common import themes
    filters = dict(scenes(window, app))["filters"]
    for key in ("dark", "contrast"):
        themes.apply(key)
        filters()
        save(window, f"theme_{key}")
    themes.apply("light")


def take(app, out: Path, model: str = "base", groups=frozenset({"explore", "scrub", "themes"})) -> int:
    """The pictures of `groups` into `out`; 0, or 1 if no model could be loaded."""
    def save(window, name: str, prefix: str = "explore_") -> None:
        save_png(app, window, out / f"{prefix}{name}.png")

    for width, height, zoom, suffix in SIZES:
        window = open_window(model, width, height, zoom)
        if window.exploration is None:
            print("no model could be loaded", file=sys.stderr)
            return 1
        if "scrub" in groups:
            scrub_pictures(window, lambda w, name: save(w, name, ""), suffix)
        if "themes" in groups and not suffix:
            theme_pictures(window, app, lambda w, name: save(w, name, ""))
        window.zoom.reset()
        window.close()
        if "explore" not in groups:
            continue
        missing = open_window("a-model-that-is-not-there", width, height, zoom)
        save(missing, "no_model" + suffix)
        missing.zoom.reset()
        missing.close()
        window = open_window(model, width, height, zoom)
        for name, set_up in scenes(window, app):
            set_up()
            save(window, name + suffix)
            window.help.hide()
            window.report("")
        window.zoom.reset()
        window.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gui.explore.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="base", help="bundled model name or folder (default: base)")
    parser.add_argument("--out", default="docs/screenshots", help="folder for the PNGs")
    parser.add_argument("--only", choices=["explore", "scrub", "themes"], help="take one group of pictures")
    args = parser.parse_args(argv)
    app = start_app()
    return take(app, Path(args.out), args.model, {args.only} if args.only else {"explore", "scrub", "themes"})


if __name__ == "__main__":
    sys.exit(main())
