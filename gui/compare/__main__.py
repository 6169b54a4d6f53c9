"""`python -m gui.compare`: the Compare page alone, on the bundled models.

    python -m gui.compare                      the bundled base model and the bundled aligned ones
    python -m gui.compare --models /tmp/al3    aligned models from a folder (sft/, rlhf/, dpo/)
    python -m gui.compare --eval /tmp/al3/eval.json   an `explainer eval --json` report to show
"""
from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gui.compare", description=__doc__.splitlines()[0])
    parser.add_argument("--models", default=None, help="a folder with sft/, rlhf/ and dpo/ (default: the bundled)")
    parser.add_argument("--eval", default=None, help="an `explainer eval --json` report (default: "
                        "assets/models/eval.json when it exists)")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    import torch
    torch.set_num_threads(1)  # two busy threads on a two-core laptop starve the GUI thread
    import pyqtgraph as pg
    from PySide6 import QtWidgets

    from .models import bundled_models
    from .qt_compare_page import EVAL_FILE
    from .standalone import QtCompareWindow

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName("explainer")
    font = app.font()
    font.setPointSizeF(max(font.pointSizeF(), 11.0))  # readable from the back of a room
    app.setFont(font)
    pg.setConfigOptions(useOpenGL=False, antialias=True, background="w", foreground="k")
    models, tokenizer, notes = bundled_models(args.models)
    window = QtCompareWindow(models, tokenizer, eval_path=args.eval or EVAL_FILE)
    window.resize(1280, 720)
    window.show()
    window.page.page_shown()
    if notes:
        window.status_text.setText("Not found, so not compared: " + "; ".join(notes))
    quit_after = os.environ.get("EXPLAINER_QUIT_AFTER_MS")  # the smoke test: quit once the first answers show
    if quit_after:
        from PySide6 import QtCore

        def quit_later(result) -> None:
            print(f"compared {len(result.comparison.answers)} models; quitting in {quit_after} ms", flush=True)
            QtCore.QTimer.singleShot(int(quit_after), window.close)
        window.page.comparisonShown.connect(quit_later)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
