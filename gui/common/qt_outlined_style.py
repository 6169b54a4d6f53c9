"""QtOutlinedStyle: Qt's Fusion style with a frame in the text colour around every box and button,
for the high-contrast theme (gui/common/themes.py).

Fusion draws the edge of a text box, a spin box or a button a little darker than the window. On a
black window that edge is black too, and the boxes disappear: a person cannot see where to type.
This style draws Fusion's look, then a one-pixel frame in the palette's text colour on top, which
on black is white (21:1). A style sheet could draw the same borders, but a widget with a style
sheet stops following the zoom, so the frame is drawn here instead.
"""
from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

_P = QtWidgets.QStyle.PrimitiveElement
_C = QtWidgets.QStyle.ComplexControl
FRAMED_PRIMITIVES = {_P.PE_FrameLineEdit, _P.PE_Frame, _P.PE_PanelButtonCommand, _P.PE_FrameTabWidget}
FRAMED_CONTROLS = {_C.CC_SpinBox, _C.CC_ComboBox}


class QtOutlinedStyle(QtWidgets.QProxyStyle):
    def __init__(self) -> None:
        super().__init__(QtWidgets.QStyleFactory.create("Fusion"))

    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in FRAMED_PRIMITIVES:
            self._outline(option, painter)

    def drawComplexControl(self, control, option, painter, widget=None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control in FRAMED_CONTROLS:
            self._outline(option, painter)

    @staticmethod
    def _outline(option: QtWidgets.QStyleOption, painter: QtGui.QPainter) -> None:
        painter.save()
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, False)
        painter.setPen(QtGui.QPen(option.palette.color(QtGui.QPalette.ColorRole.Text), 1))
        painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        painter.drawRect(QtCore.QRect(option.rect).adjusted(0, 0, -1, -1))
        painter.restore()
