"""The application: one QApplication, one Explore window, the model loaded after the first paint.

`run_app` must show a window within a second or two on a small laptop, so it does
not import torch, pyqtgraph or the model before the window is on screen; those are
loaded by `QtMainWindow.load` from a zero-delay timer once the event loop runs.
For the smoke test, EXPLAINER_QUIT_AFTER_MS makes the app quit itself that long
after loading finished (or failed).
"""
from __future__ import annotations

import os
import sys

QUIT_AFTER_ENV = "EXPLAINER_QUIT_AFTER_MS"


def run_app(model: str = "base") -> int:
    """Open the Explore window on a bundled model name or a model folder; return the exit code."""
    # Two torch threads on a two-core laptop starve the GUI thread (10-60x slower steps); the
    # variable covers a torch imported later, set_num_threads one the launcher already imported.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    from PySide6 import QtCore, QtWidgets

    from .common.qt_main_window import QtMainWindow

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName("explainer")
    font = app.font()
    font.setPointSizeF(max(font.pointSizeF(), 11.0))  # readable from the back of a room
    app.setFont(font)
    window = QtMainWindow(model)
    window.fit_to_screen()  # a room's projector or a small laptop: use the screen it is on
    window.show()
    app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)  # the first paint

    quit_after = os.environ.get(QUIT_AFTER_ENV)
    if quit_after:
        def quit_later(loaded: bool) -> None:
            print(f"explainer: {'model loaded' if loaded else 'no model'}; quitting in {quit_after} ms", flush=True)
            QtCore.QTimer.singleShot(int(quit_after), app.quit)
        window.loadFinished.connect(quit_later)

    def load() -> None:
        import pyqtgraph as pg

        from .common.themes import plot_options
        pg.setConfigOptions(useOpenGL=False, antialias=True, **plot_options())  # the remembered theme's plots
        window.load()

    QtCore.QTimer.singleShot(0, load)
    return app.exec()
