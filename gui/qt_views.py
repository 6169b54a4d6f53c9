"""QtViews: the centre of the window, five views behind numbered tabs (keys 1 to 5).

The internals views are written alongside this window; each is built through
`build_view`, which imports it on demand and, if it is missing or fails to build,
puts a plain placeholder in its place so that the rest of the window still works.
"""
from __future__ import annotations

import importlib
import sys
import traceback

from PySide6 import QtCore, QtWidgets

# key, tab title, module, class: in the order of the number keys
VIEWS = (
    ("next", "Next token", "gui.qt_next_token", "QtNextToken"),
    ("grid", "Attention", "gui.qt_attention_grid", "QtAttentionGrid"),
    ("head", "One head", "gui.qt_attention_head", "QtAttentionHead"),
    ("lens", "Layer by layer", "gui.qt_logit_lens", "QtLogitLens"),
    ("neurons", "Feed-forward", "gui.qt_neurons", "QtNeurons"),
)


class Placeholder(QtWidgets.QLabel):
    """Stands in for a view that could not be built, and says why."""

    def __init__(self, title: str, reason: str) -> None:
        super().__init__(f"<p style='font-size:large'>The “{title}” view is not available in this build.</p>"
                         f"<p style='color:#777'>{reason}</p>")
        self.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)


def build_view(module: str, cls: str, title: str, exploration) -> QtWidgets.QWidget:
    try:
        view_class = getattr(importlib.import_module(module), cls)
    except ModuleNotFoundError as exc:
        if exc.name != module:  # the view exists but needs something missing: a real bug, show it
            traceback.print_exc()
        return Placeholder(title, f"{module} could not be loaded ({exc}).")
    except Exception as exc:  # noqa: BLE001 - a broken view must not take the window down
        traceback.print_exc()
        return Placeholder(title, f"{module} failed to load: {exc}")
    try:
        return view_class(exploration)
    except Exception as exc:  # noqa: BLE001
        traceback.print_exc()
        print(f"explainer: the {title!r} view failed to build; showing a placeholder", file=sys.stderr)
        return Placeholder(title, f"{cls} failed to build: {exc}")


class QtViews(QtWidgets.QTabWidget):
    viewChanged = QtCore.Signal(str, QtWidgets.QWidget)  # key, view: for the explanation panel

    def __init__(self, exploration, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Views")
        self.setDocumentMode(True)
        self.keys: list[str] = []
        self.views: dict[str, QtWidgets.QWidget] = {}
        for number, (key, title, module, cls) in enumerate(VIEWS, start=1):
            view = build_view(module, cls, title, exploration)
            view.setAccessibleName(title)
            self.addTab(view, f"{number}  {title}")
            self.setTabToolTip(number - 1, f"{title} (key {number})")
            self.keys.append(key)
            self.views[key] = view
        grid = self.views["grid"]
        if hasattr(grid, "headClicked") and hasattr(self.views["head"], "set_head"):
            grid.headClicked.connect(self._on_head_clicked)
        self.currentChanged.connect(self._on_current_change)

    @property
    def current_key(self) -> str:
        return self.keys[self.currentIndex()]

    def show_view(self, key: str) -> None:
        self.setCurrentIndex(self.keys.index(key))

    def _on_current_change(self, index: int) -> None:
        if 0 <= index < len(self.keys):
            self.viewChanged.emit(self.keys[index], self.widget(index))

    def _on_head_clicked(self, layer: int, head: int) -> None:
        # A thumbnail in the grid opens that head large.
        self.views["head"].set_head(layer, head)
        self.show_view("head")
