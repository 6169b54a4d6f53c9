"""QtFocusFrame: a thick blue frame around the widget that has the keyboard focus.

Qt's own focus marks are thin and differ by style; a plot or a custom view has none. One
frame, drawn on top of the window and transparent to the mouse, works for every widget.
Like a browser's :focus-visible, it shows when the focus moved by keyboard (Tab, Shift+Tab,
a shortcut such as Ctrl+L) or went to a box being typed in, and hides after a click, so a
mouse user is not distracted. Blue, not the orange that marks selections in the views; a lighter
blue on the dark themes (the theme's `focus` colour, gui/common/themes.py), so that it stands out there too.
"""
from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from . import themes
from .key_router import is_text_entry

WIDTH = 3
_KEYBOARD = {QtCore.Qt.FocusReason.TabFocusReason, QtCore.Qt.FocusReason.BacktabFocusReason,
             QtCore.Qt.FocusReason.ShortcutFocusReason}


class QtFocusFrame(QtWidgets.QWidget):
    def __init__(self, window: QtWidgets.QWidget) -> None:
        super().__init__(window)
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.target: QtWidgets.QWidget | None = None
        self.hide()
        window.installEventFilter(self)

    def follow(self, widget: QtWidgets.QWidget, reason: QtCore.Qt.FocusReason) -> None:
        """The focus went to `widget` for `reason`: frame it, or hide the frame."""
        if self.target is not None:
            self.target.removeEventFilter(self)
        shown = (reason in _KEYBOARD or is_text_entry(widget)) and widget is not self.window() \
            and widget.width() < self.window().width() - 8  # an overlay over everything needs no frame
        self.target = widget if shown else None
        if self.target is None:
            self.hide()
            return
        widget.installEventFilter(self)
        self._place()
        self.show()
        self.raise_()

    def _place(self) -> None:
        w = self.target
        if w is None or not w.isVisible():
            self.hide()
            return
        top_left = w.mapTo(self.window(), QtCore.QPoint(0, 0))
        rect = QtCore.QRect(top_left, w.size()).adjusted(-WIDTH, -WIDTH, WIDTH, WIDTH)
        self.setGeometry(rect.intersected(self.window().rect()))

    def eventFilter(self, obj, event) -> bool:
        if self.target is not None and event.type() in (QtCore.QEvent.Type.Resize, QtCore.QEvent.Type.Move,
                                                         QtCore.QEvent.Type.Hide, QtCore.QEvent.Type.Show):
            self._place()
            if event.type() == QtCore.QEvent.Type.Show and obj is self.target:
                self.show()
        return False

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(QtGui.QPen(themes.color("focus"), WIDTH))
        painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QtCore.QRectF(self.rect()).adjusted(WIDTH / 2, WIDTH / 2, -WIDTH / 2, -WIDTH / 2), 4, 4)
        painter.end()
