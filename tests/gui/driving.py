"""Driving the window as a person does: keys go to whatever has the keyboard focus."""
from PySide6 import QtCore, QtWidgets

Key = QtCore.Qt.Key
Mod = QtCore.Qt.KeyboardModifier
LEFT_BUTTON = QtCore.Qt.MouseButton.LeftButton


def focused() -> QtWidgets.QWidget:
    widget = QtWidgets.QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key, modifier=Mod.NoModifier) -> None:
    """A key as the keyboard sends it: to the widget that has the focus now, never to the window."""
    qtbot.keyClick(focused(), key, modifier)


def click(qtbot, widget: QtWidgets.QWidget, pos: QtCore.QPoint | None = None) -> None:
    """A click, with the focus change a click makes (QTest goes through QApplication::notify)."""
    qtbot.mouseClick(widget, LEFT_BUTTON, pos=pos if pos is not None else widget.rect().center())
