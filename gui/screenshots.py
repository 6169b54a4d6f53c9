"""`python -m gui.screenshots`: the pictures in docs/, made the same way every time.

Run under Xvfb so the fonts and rendering are those of a real desktop:
    xvfb-run -a -s "-screen 0 1920x1080x24" python -m gui.screenshots --out docs/screenshots
Every Explore scene is taken twice: at 1280 × 720 with the normal text size (a small laptop
or an old projector), as `explore_<scene>.png`, and at 1920 × 1080 zoomed to 150% (a room's
projector), as `explore_<scene>_1080p.png`. Each scene sets its prompt, seed and settings
and steps the model, so the same model gives the same pictures. The timeline pictures
(`scrub_step*.png`, both sizes) and the Train page pictures (`train_*.png`, 1280 × 720: a
`live` run trained in the window, a few minutes) are in gui/screenshots_train.py;
`--only explore|scrub|train` takes one group.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gui.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="base", help="bundled model name or folder (default: base)")
    parser.add_argument("--out", default="docs/screenshots", help="folder for the PNGs")
    parser.add_argument("--only", choices=["explore", "scrub", "train"], help="take one group of pictures")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    import torch
    torch.set_num_threads(1)
    import pyqtgraph as pg
    from PySide6 import QtCore, QtWidgets

    from .qt_main_window import QtMainWindow

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    font = app.font()
    font.setPointSizeF(max(font.pointSizeF(), 11.0))  # as run_app sets it
    app.setFont(font)
    pg.setConfigOptions(useOpenGL=False, antialias=True, background="w", foreground="k")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        for _ in range(6):
            app.processEvents()
            QtCore.QThread.msleep(30)  # a screenshot tool, not a test: let layouts, fonts and paints land

    def save(window: QtWidgets.QWidget, name: str, prefix: str = "explore_") -> None:
        settle()
        path = out / f"{prefix}{name}.png"
        window.grab().toImage().save(str(path), "PNG", 0)  # quality 0: the strongest compression, still lossless
        print(f"wrote {path} ({path.stat().st_size // 1024} KB)")

    def opened(model: str, width: int, height: int, zoom: float) -> QtMainWindow:
        """The window on `model`, at that size and zoom, shown and loaded."""
        window = QtMainWindow(model)
        window.resize(width, height)
        window.zoom.set_factor(zoom)
        window.show()
        window.load()
        return window

    from .screenshots_train import scrub_pictures, train_pictures
    groups = {args.only} if args.only else {"explore", "scrub", "train"}
    for width, height, zoom, suffix in SIZES:
        if not groups & {"explore", "scrub"}:
            break
        window = opened(args.model, width, height, zoom)
        if window.exploration is None:
            print("no model could be loaded", file=sys.stderr)
            return 1
        if "scrub" in groups:
            scrub_pictures(window, lambda w, name: save(w, name, ""), suffix)
        window.zoom.reset()
        window.close()
        if "explore" not in groups:
            continue
        missing = opened("a-model-that-is-not-there", width, height, zoom)
        save(missing, "no_model" + suffix)
        missing.zoom.reset()
        missing.close()

        window = opened(args.model, width, height, zoom)
        if window.exploration is None:
            print("no model could be loaded; only the no-model pictures were written", file=sys.stderr)
            return 1
        for name, set_up in scenes(window, app):
            set_up()
            save(window, name + suffix)
            window.help.hide()
            window.report("")
        window.zoom.reset()
        window.close()
    if "train" in groups:
        window = QtMainWindow(args.model, runs_dir=str(out / ".runs-not-kept"))
        width, height, _, _ = SIZES[0]
        window.resize(width, height)
        window.show()
        window.load()
        done = window.exploration is not None and train_pictures(window, app, lambda w, name: save(w, name, ""))
        window.close()
        import shutil
        shutil.rmtree(out / ".runs-not-kept", ignore_errors=True)
        if not done:
            print("the training pictures could not be taken", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
