"""QtHelpOverlay: the keyboard shortcuts, laid over the window (F1 or ? to open, any key to close).

An overlay rather than a dialog: it dims the window instead of hiding it, so a
presenter can show the keys to an audience and go straight back to the demo.
"""
from __future__ import annotations

import html

from PySide6 import QtCore, QtGui, QtWidgets


class QtHelpOverlay(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget, shortcuts: list[tuple[str, str]]) -> None:
        super().__init__(parent)
        self.setAccessibleName("Keyboard shortcuts")
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.card = QtWidgets.QLabel(self)
        self.card.setObjectName("helpCard")
        self.card.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.card.setStyleSheet("#helpCard { background: white; border-radius: 10px; padding: 18px; }")
        self.set_shortcuts(shortcuts)
        parent.installEventFilter(self)
        self.hide()

    def set_shortcuts(self, shortcuts: list[tuple[str, str]]) -> None:
        self.shortcuts = list(shortcuts)
        rows = "".join(f"<tr><td align='right' style='padding:3px 14px'><b>{html.escape(keys)}</b></td>"
                       f"<td style='padding:3px'>{html.escape(what)}</td></tr>" for keys, what in shortcuts)
        self.card.setText("<h2>Keyboard shortcuts</h2>"
                          f"<table style='font-size:large'>{rows}</table>"
                          "<p style='color:#666'>Press any key or click to close.</p>")
        self.card.adjustSize()
        self.setAccessibleDescription("; ".join(f"{k}: {w}" for k, w in shortcuts))

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
        else:
            self.open()

    def open(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self._center_card()
        self.show()
        self.raise_()
        self.setFocus()

    def hide(self) -> None:
        had_focus = self.hasFocus()
        super().hide()
        if had_focus and self.parentWidget() is not None:
            self.parentWidget().setFocus()

    def _center_card(self) -> None:
        self.card.adjustSize()
        size = self.card.size()
        self.card.move(max(0, (self.width() - size.width()) // 2), max(0, (self.height() - size.height()) // 2))

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QtCore.QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
            self._center_card()
        return False

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        painter.fillRect(self.rect(), QtGui.QColor(0, 0, 0, 140))
        painter.end()

    def event(self, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.ShortcutOverride:
            event.accept()  # while the help is open, a key closes it instead of stepping the model
            return True
        return super().event(event)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        self.hide()

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:
        self.hide()
