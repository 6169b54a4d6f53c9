"""One zoom level for the whole window: Ctrl+= / Ctrl+- / Ctrl+0.

The zoom sets the application font; Qt passes it on to every widget that has not set a
font of its own, and each view that draws with its own fonts (pyqtgraph axes, labels and
text items, the painted chips and lines) re-derives them from its widget font when Qt
tells it the font changed (`QEvent.FontChange`, handled by `on_font_change`). The window
remembers the level between runs (`changed`, set by gui/common/themes.py's `install`): a
presenter who set the size for a room finds it again after a restart.
"""
from __future__ import annotations

from typing import Callable

from PySide6 import QtCore, QtGui, QtWidgets

LEVELS = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5)


class Zoom:
    def __init__(self, app: QtWidgets.QApplication | None = None) -> None:
        self.app = app or QtWidgets.QApplication.instance()
        self.base = self.app.font().pointSizeF()  # what 100% means
        self.index = LEVELS.index(1.0)
        self.changed: Callable[[float], None] | None = None  # told the new factor on every change

    @property
    def factor(self) -> float:
        return LEVELS[self.index]

    def step(self, steps: int) -> float:
        return self.set_index(self.index + steps)

    def reset(self) -> float:
        return self.set_index(LEVELS.index(1.0))

    def set_factor(self, factor: float) -> float:
        """The nearest level to `factor` (for scripts: screenshots for a projector)."""
        return self.set_index(min(range(len(LEVELS)), key=lambda i: abs(LEVELS[i] - factor)))

    def set_index(self, index: int) -> float:
        self.index = min(max(index, 0), len(LEVELS) - 1)
        font = QtGui.QFont(self.app.font())
        font.setPointSizeF(self.base * self.factor)
        self.app.setFont(font)
        if self.changed is not None:
            self.changed(self.factor)
        return self.factor


def scaled_font(widget: QtWidgets.QWidget, scale: float = 1.0, bold: bool = False) -> QtGui.QFont:
    """The widget's (zoomed) font, `scale` times larger: for the fonts a view sets on its items."""
    font = QtGui.QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    return font


def fit_axis(axis, font: QtGui.QFont, sample: str = "0.8", label: bool = True) -> None:
    """Give a vertical pyqtgraph axis the width its tick labels (and rotated title) need in `font`:
    pyqtgraph sizes it once, so after a zoom the title would sit on the numbers."""
    metrics = QtGui.QFontMetrics(font)
    axis.setStyle(tickFont=font)
    axis.setWidth(metrics.horizontalAdvance(sample) + (metrics.height() + 4 if label else 0) + 14)


def on_font_change(event: QtCore.QEvent) -> bool:
    return event.type() == QtCore.QEvent.Type.FontChange
