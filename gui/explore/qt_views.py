"""QtViews: the centre of the window, six views behind numbered tabs (keys 1 to 6).

Every view takes the Exploration, draws it and follows its changes. A view may offer
`move_selection(dx, dy)` (Shift+arrows) and `activate_selection()` (Enter); the window
sends those keys to whichever view is shown.
"""
from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from .explore_actions import VIEW_TITLES
from .qt_attention_grid import QtAttentionGrid
from .qt_attention_head import QtAttentionHead
from .qt_embedding import QtEmbedding
from .qt_logit_lens import QtLogitLens
from .qt_neurons import QtNeurons
from .qt_next_token import QtNextToken

VIEW_CLASSES = {"next": QtNextToken, "grid": QtAttentionGrid, "head": QtAttentionHead, "lens": QtLogitLens,
                "neurons": QtNeurons, "embed": QtEmbedding}


class QtViews(QtWidgets.QTabWidget):
    viewChanged = QtCore.Signal(str, QtWidgets.QWidget)  # key, view: for the explanation panel

    def __init__(self, exploration, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Views")
        self.setDocumentMode(True)
        self.keys: list[str] = []
        self.views: dict[str, QtWidgets.QWidget] = {}
        for number, (key, title) in enumerate(VIEW_TITLES, start=1):
            view = VIEW_CLASSES[key](exploration)
            view.setAccessibleName(title)
            self.addTab(view, f"{number}  {title}")
            self.setTabToolTip(number - 1, f"{title} (key {number})")
            self.keys.append(key)
            self.views[key] = view
        self.views["grid"].headClicked.connect(self._on_head_clicked)
        self.currentChanged.connect(self._on_current_change)

    @property
    def current_key(self) -> str:
        return self.keys[self.currentIndex()]

    def show_view(self, key: str) -> None:
        self.setCurrentIndex(self.keys.index(key))

    def move_selection(self, dx: int, dy: int) -> None:
        mover = getattr(self.currentWidget(), "move_selection", None)
        if mover is not None:
            mover(dx, dy)

    def activate_selection(self) -> None:
        activate = getattr(self.currentWidget(), "activate_selection", None)
        if activate is not None:
            activate()

    def _on_current_change(self, index: int) -> None:
        if 0 <= index < len(self.keys):
            self.viewChanged.emit(self.keys[index], self.widget(index))

    def _on_head_clicked(self, layer: int, head: int) -> None:
        # A thumbnail in the grid opens that head large.
        self.views["head"].set_head(layer, head)
        self.show_view("head")
