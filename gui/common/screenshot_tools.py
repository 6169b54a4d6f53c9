"""What every page's screenshot script shares: the app set up as `run_app` sets it, a window opened
at a size and zoom, a wait that lets layouts, fonts and paints land, and a PNG written losslessly.

Screenshot scripts are tools, not tests: they wait on the clock (a test waits on qtbot).
Run them under Xvfb so the fonts and rendering are those of a real desktop, for example
    xvfb-run -a -s "-screen 0 1920x1080x24" python -m gui.explore.screenshots
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .waiting import settle, wait_until  # noqa: F401 - the screenshot scripts use them from here


def start_app():
    """The QApplication as the app runs it (11-point text, pyqtgraph without OpenGL), torch on one thread.
    The window remembers nothing of the user's (theme, zoom): the pictures are the same for everyone,
    and taking them changes nobody's settings."""
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    if "EXPLAINER_SETTINGS" not in os.environ:
        os.environ["EXPLAINER_SETTINGS"] = str(Path(tempfile.mkdtemp(prefix="explainer-shots-")) / "settings.json")
    import torch
    torch.set_num_threads(1)
    import pyqtgraph as pg
    from PySide6 import QtWidgets

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName("explainer")  # as run_app: the data folder is explainer's, not "__main__.py"'s
    font = app.font()
    font.setPointSizeF(max(font.pointSizeF(), 11.0))  # as run_app sets it
    app.setFont(font)
    pg.setConfigOptions(useOpenGL=False, antialias=True, background="w", foreground="k")
    return app


def save_png(app, widget, path: Path) -> None:
    settle(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().toImage().save(str(path), "PNG", 0)  # quality 0: the strongest compression, still lossless
    print(f"wrote {path} ({path.stat().st_size // 1024} KB)", flush=True)


def open_window(model: str, width: int, height: int, zoom: float = 1.0, runs_dir: str | None = None):
    """The main window on `model`, at that size and zoom, shown and loaded."""
    from .qt_main_window import QtMainWindow
    window = QtMainWindow(model, runs_dir=runs_dir)
    window.resize(width, height)
    window.zoom.set_factor(zoom)
    window.show()
    window.load()
    return window
