"""`python -m gui.screenshots`: the pictures in docs/explore.md, made the same way every time.

Run under Xvfb so the fonts and rendering are those of a real desktop:
    xvfb-run -a -s "-screen 0 1600x1000x24" python -m gui.screenshots --out docs/screenshots
Each scene sets a prompt, a seed and settings, steps the model, then grabs the window.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# A common projector and small-laptop size; saved unscaled, so text stays crisp and the PNGs small.
WIDTH, HEIGHT = 1280, 800


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gui.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="base", help="bundled model name or folder (default: base)")
    parser.add_argument("--out", default="docs/screenshots", help="folder for the PNGs")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    import torch
    torch.set_num_threads(1)
    import pyqtgraph as pg
    from PySide6 import QtCore, QtWidgets

    from explainer import SamplerSettings

    from .qt_main_window import QtMainWindow

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    font = app.font()
    font.setPointSizeF(max(font.pointSizeF(), 11.0))
    app.setFont(font)
    pg.setConfigOptions(useOpenGL=False, antialias=True, background="w", foreground="k")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        for _ in range(5):
            app.processEvents()
            QtCore.QThread.msleep(20)  # a screenshot tool, not a test: let layouts and paints land

    def save(window: QtWidgets.QWidget, name: str) -> None:
        settle()
        image = window.grab().toImage()
        path = out / f"explore_{name}.png"
        image.save(str(path), "PNG", 0)  # quality 0: the strongest compression, still lossless
        print(f"wrote {path} ({path.stat().st_size // 1024} KB)")

    missing = QtMainWindow("a-model-that-is-not-there")
    missing.resize(WIDTH, HEIGHT)
    missing.show()
    missing.load()
    save(missing, "no_model")
    missing.close()

    window = QtMainWindow(args.model)
    window.resize(WIDTH, HEIGHT)
    window.show()
    window.load()
    ex = window.exploration
    if ex is None:
        print("no model could be loaded; only explore_no_model.png was written", file=sys.stderr)
        return 1
    # A few tokens of story, stopped where the model hesitates: that is where the bars and dials teach.
    ex.set_prompt("Once upon a time, there was a little girl called")
    for steps in range(30):
        if steps >= 6 and ex.candidates(1)[0].model_prob < 0.6:
            break
        ex.step()
    save(window, "next_token")
    ex.set_settings(SamplerSettings(temperature=1.3, top_k=4, top_p=1.0))
    save(window, "filters")
    ex.set_settings(SamplerSettings())

    for _ in range(10):
        ex.step()
    for key, name in (("grid", "attention"), ("head", "head"), ("lens", "layers"), ("neurons", "neurons")):
        window.views.show_view(key)
        if key == "head" and hasattr(window.views.views["head"], "set_head"):
            window.views.views["head"].set_head(1, 2)
        save(window, name)

    window.views.show_view("next")
    window.help.open()
    save(window, "help")
    window.help.hide()

    window.prompt.editor.setPlainText("Tom 🐱 likes fish. שלום " + "Once upon a time, " * 600)
    window.prompt.apply()
    ex.step()
    save(window, "odd_input")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
