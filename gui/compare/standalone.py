"""QtCompareWindow: the Compare page alone in a window, with what the main window would give it.

For `python -m gui.compare` (a room that only wants the comparison, and the screenshots): the
page, the explanation panel on the right, the status line, the key router, the help overlay
(F1) and the zoom, all from the same action registry as in the main window.
"""
from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from ..common.actions import GLOBAL_ACTIONS, ActionRegistry
from ..common.key_router import KeyRouter
from ..common.qt_explanation import QtExplanation
from ..common.qt_focus_frame import QtFocusFrame
from ..common.qt_help_overlay import QtHelpOverlay
from ..common.zoom import Zoom
from .compare_actions import COMPARE_ACTIONS, MENU, PAGE
from .qt_compare_page import QtComparePage


class CompareRegistry(ActionRegistry):
    """The window's registry, with the page's own menu (the main window's MENUS already hold it)."""

    MENUS = ActionRegistry.MENUS if MENU in ActionRegistry.MENUS else ActionRegistry.MENUS[:-1] + (MENU, "Window")


class QtCompareWindow(QtWidgets.QMainWindow):
    def __init__(self, models: dict, tokenizer, **page_options) -> None:
        super().__init__()
        self.setWindowTitle("explainer: before and after alignment")
        self.actions = CompareRegistry(GLOBAL_ACTIONS + COMPARE_ACTIONS, parent=self)
        self.explanation = QtExplanation(self)
        self.status_text = QtWidgets.QLabel(self)
        self.status_text.setWordWrap(True)
        self.statusBar().addWidget(self.status_text, 1)
        self.page = QtComparePage(models, tokenizer, self, actions=self.actions, explanation=self.explanation,
                                  report=self.status_text.setText, **page_options)
        self.splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.page)
        self.splitter.addWidget(self.explanation)
        self.splitter.setStretchFactor(0, 1)
        self.setCentralWidget(self.splitter)
        self.zoom = Zoom()
        self.help = QtHelpOverlay(self)
        self.focus_frame = QtFocusFrame(self)
        self.actions.bind(help=self.help.toggle, quit=self.close, full_screen=self.toggle_full_screen,
                          zoom_in=lambda: self.zoom.step(1), zoom_out=lambda: self.zoom.step(-1),
                          zoom_reset=self.zoom.reset)
        self.router = KeyRouter(self, self.actions, page=lambda: PAGE, blocked=self.help.isVisible,
                                leave_typing=self.page.focus_page, focus_frame=self.focus_frame)
        self.actions.build_menus(self.menuBar(), PAGE)
        self.help.set_sections(self.actions.help_sections(PAGE))
        self.page.explain()

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        width = self.splitter.width()
        panel = max(self.explanation.minimumWidth(), int(width * 0.21))
        self.splitter.setSizes([width - panel, panel])

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self.page.shutdown()
        super().closeEvent(event)
