"""The logit lens's table, as Qt item views want it: the model of its cells and the delegate that draws them.

The data half of `QtLogitLens` (gui/explore/qt_logit_lens.py): `LensModel` reads the engine's
lens (`Exploration.lens`, the top guesses of every layer at each position it covers) and answers
Qt's questions per cell (text, colour, tooltip, headings); `LensDelegate` keeps a cell's colour
when selected and marks the last column, the guess about the token still to come.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QTableView

from explainer.explore import Exploration

from ..common.colors import ACCENT_COLOR, probability_colors
from ..common.text_format import isolate, percent
from ..common.zoom import scaled_font

TOP = 3  # guesses per cell in the tooltip
MAX_CELL_CHARS = 14  # a longer token (GPT-2 has "·TracebackStyle") is cut with … in its cell; the tooltip has it whole


def cell_token(text: str) -> str:
    return text if len(text) <= MAX_CELL_CHARS else text[:MAX_CELL_CHARS - 1] + "…"


def skipped(first: int, shown: int) -> str:
    """Why the table starts late: a model whose every position costs a pass through a large output table."""
    return (f"The table shows the last {shown} positions; the {first} before them are read by the model but not "
            "through the lens here: every position read through this model's large vocabulary costs a noticeable "
            "moment, so only the newest ones are computed.")


class LensModel(QAbstractTableModel):
    """Rows are layers, top row the last layer; columns are the window positions from `first` on."""

    def __init__(self, exploration: Exploration, view: QTableView) -> None:
        super().__init__()
        self._exploration = exploration
        self._view = view  # for its (zoomed) font
        self.ids = np.zeros((0, 0, TOP), np.int64)
        self.probs = np.zeros((0, 0, TOP), np.float32)
        self.rgba = np.zeros((0, 0, 4), np.uint8)  # cell colours, worked out once per change
        self.black_text = np.zeros((0, 0), bool)
        self.displays: list[str] = []  # of the columns' positions
        self.first = 0  # the window position of the first column

    def load(self) -> None:
        """Read the lens from the engine; the table updates in place unless its shape changed."""
        ids, probs = self._exploration.lens(top=TOP)
        ids, probs = ids.numpy(), probs.numpy()
        first = self._exploration.lens_positions().start
        same = ids.shape == self.ids.shape and first == self.first
        if not same:
            self.beginResetModel()
        self.ids, self.probs, self.first = ids, probs, first
        self.displays = self._exploration.displays()[first:]
        self.rgba, self.black_text = probability_colors(probs[..., 0])
        if same:
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        else:
            self.endResetModel()

    def layer(self, row: int) -> int:
        return self.ids.shape[0] - 1 - row

    def row(self, layer: int) -> int:
        return self.ids.shape[0] - 1 - layer

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.ids.shape[0]

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.ids.shape[1]

    def guess(self, layer: int, position: int, rank: int = 0) -> tuple[str, float]:
        token = int(self.ids[layer, position, rank])
        return self._exploration.tokenizer.display(token), float(self.probs[layer, position, rank])

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        layer, position = self.layer(index.row()), index.column()
        text, p = self.guess(layer, position)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{isolate(cell_token(text))} {percent(p)}"
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(*(int(c) for c in self.rgba[layer, position])))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(Qt.GlobalColor.black if self.black_text[layer, position] else Qt.GlobalColor.white)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"Stopping after layer {layer + 1}, after ‘{isolate(self.displays[position])}’ (token "
                     f"{self.first + position + 1}) the model would guess:"]
            lines += [f"   {isolate(t)}   {percent(q)}" for t, q in (self.guess(layer, position, r) for r in range(TOP))]
            return "\n".join(lines)
        if role == Qt.ItemDataRole.FontRole and position == self.columnCount() - 1:
            return scaled_font(self._view, bold=True)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole:
            if horizontal:
                last = section == self.columnCount() - 1
                earlier = f"◂ {self.first} earlier\n" if section == 0 and self.first else ""
                return earlier + cell_token(self.displays[section]) + ("\nnext ▸" if last else "")
            layer = self.layer(section)
            return f"layer {layer + 1}" + (" (output)" if section == 0 else "")
        if role == Qt.ItemDataRole.ToolTipRole and horizontal:
            tip = (f"Position {self.first + section + 1}: what each layer guesses comes after "
                   f"‘{isolate(self.displays[section])}’")
            return tip + (f"\n{skipped(self.first, self.columnCount())}" if section == 0 and self.first else "")
        if role == Qt.ItemDataRole.FontRole and horizontal and section == self.columnCount() - 1:
            return scaled_font(self._view, bold=True)
        return None


class LensDelegate(QStyledItemDelegate):
    """Keeps each cell's probability colour when selected (a frame marks the selection instead)
    and draws a thick rule before the last column, the guess about the token still to come."""

    def paint(self, painter, option, index) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        option.state &= ~(QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_HasFocus)
        super().paint(painter, option, index)
        painter.save()
        rect: QRect = option.rect
        if index.column() == index.model().columnCount() - 1:
            painter.setPen(QPen(option.palette.text().color(), 3))
            painter.drawLine(rect.topLeft(), rect.bottomLeft())
        if selected and rect.height() >= 2 * option.fontMetrics.height():
            painter.setPen(QPen(ACCENT_COLOR, 3))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        elif selected:  # a row a line high (GPT-2's 12 floors): a frame round it would cover its text; the sides only
            painter.setPen(QPen(ACCENT_COLOR, 3))
            painter.drawLine(rect.topLeft() + QPoint(1, 0), rect.bottomLeft() + QPoint(1, 0))
            painter.drawLine(rect.topRight() - QPoint(1, 0), rect.bottomRight() - QPoint(1, 0))
        painter.restore()
