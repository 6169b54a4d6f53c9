"""QtLogitLens: what the model would guess next if it stopped after each layer (the logit lens).

After nostalgebraist's logit lens (2020): every layer's output is read through the model's
final unembedding, as if the layers above it were not there. One row per layer, stacked like
floors (layer 1 at the bottom, the model's real output at the top), one column per position
in the text. Each cell names the token that layer would predict next and its probability,
on a background coloured by that probability; the tooltip lists the top three. Columns are
at least as wide as the widest guess (no text is cut) and share the view's width exactly,
the last one taking the few pixels left over; the table scrolls a whole column at a time,
so the first column in view is never half hidden, even scrolled to the end.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPen
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QStyledItemDelegate, QTableView

from explainer.explore import Exploration

from ..common.colors import ACCENT_COLOR, probability_colors
from ..common.qt_subscription import follow
from ..common.text_format import isolate, percent
from ..common.zoom import on_font_change, scaled_font

TOP = 3  # guesses per cell in the tooltip
__all__ = ["QtLogitLens", "percent"]


class _LensModel(QAbstractTableModel):
    """Rows are layers, top row the last layer; columns are positions in the window."""

    def __init__(self, exploration: Exploration, view: QTableView) -> None:
        super().__init__()
        self._exploration = exploration
        self._view = view  # for its (zoomed) font
        self.ids = np.zeros((0, 0, TOP), np.int64)
        self.probs = np.zeros((0, 0, TOP), np.float32)
        self.rgba = np.zeros((0, 0, 4), np.uint8)  # cell colours, worked out once per change
        self.black_text = np.zeros((0, 0), bool)
        self.displays: list[str] = []

    def load(self) -> None:
        """Read the lens from the engine; the table updates in place unless its shape changed."""
        ids, probs = self._exploration.lens(top=TOP)
        ids, probs = ids.numpy(), probs.numpy()
        same = ids.shape == self.ids.shape
        if not same:
            self.beginResetModel()
        self.ids, self.probs, self.displays = ids, probs, self._exploration.displays()
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
            return f"{isolate(text)} {percent(p)}"
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(*(int(c) for c in self.rgba[layer, position])))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(Qt.GlobalColor.black if self.black_text[layer, position] else Qt.GlobalColor.white)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"Stopping after layer {layer + 1}, after ‘{isolate(self.displays[position])}’ the model "
                     "would guess:"]
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
                return self.displays[section] + ("\nnext ▸" if last else "")
            layer = self.layer(section)
            return f"layer {layer + 1}" + (" (output)" if section == 0 else "")
        if role == Qt.ItemDataRole.ToolTipRole and horizontal:
            return f"Position {section + 1}: what each layer guesses comes after ‘{isolate(self.displays[section])}’"
        if role == Qt.ItemDataRole.FontRole and horizontal and section == self.columnCount() - 1:
            return scaled_font(self._view, bold=True)
        return None


class _LensDelegate(QStyledItemDelegate):
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
        if selected:
            painter.setPen(QPen(ACCENT_COLOR, 3))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()


class QtLogitLens(QTableView):
    """The logit-lens table; selecting a column selects that position in the text."""

    positionSelected = Signal(int)  # window position, 0 = the first token the model reads
    EXPLANATION = (
        "What would the model guess if it stopped at this floor? Each row is a layer, layer 1 at the bottom "
        "and the model's real answer at the top; each column is a place in the text. A cell shows the next "
        "token that layer would predict and how sure it is (brighter is surer). Read a column upwards to "
        "watch the answer take shape; the last column is the token about to be written. Shift+arrows move "
        "the orange frame to another place in the text."
    )

    def __init__(self, exploration: Exploration, parent=None) -> None:
        super().__init__(parent)
        self._exploration = exploration
        self._position = -1
        self._widths: dict[int, int] = {}  # token id -> pixels of its widest cell, for this font
        self._sharing = False
        self._model = _LensModel(exploration, self)
        self.setModel(self._model)
        self.setItemDelegate(_LensDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectColumns)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setWordWrap(False)
        # by pixel, snapped to whole columns (_snap); Qt's own per-item mode lines the last column up with a
        # stale header width after a resize and cuts the first column again
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.horizontalScrollBar().valueChanged.connect(self._snap)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setAccessibleName("Logit lens: each layer's guess for the next token")
        self.setAccessibleDescription(self.EXPLANATION)
        self._on_exploration_change("model")
        # unsubscribes when closed or destroyed (a view inside a window gets no close event)
        follow(self, exploration, self._on_exploration_change)

    # -- public --------------------------------------------------------------------
    def position(self) -> int:
        return self._position

    def move_selection(self, dx: int, dy: int) -> None:
        """Shift+arrows: ← ↑ the earlier place in the text, → ↓ the later one."""
        self.set_position(self._position + dx + dy)

    def set_position(self, position: int) -> None:
        """Select a column (window position); emits `positionSelected` when it changes."""
        position = min(max(int(position), 0), self._model.columnCount() - 1)
        self.selectColumn(position)
        self.setCurrentIndex(self._model.index(self._model.rowCount() - 1, position))

    def cell_text(self, layer: int, position: int) -> str:
        return self._model.data(self._model.index(self._model.row(layer), position))

    def cell_index(self, layer: int, position: int) -> QModelIndex:
        return self._model.index(self._model.row(layer), position)

    def sizeHint(self) -> QSize:
        """Tall enough for every layer: a few rows, so the table never needs a vertical scroll."""
        hint = super().sizeHint()
        height = (self.horizontalHeader().sizeHint().height() + self.verticalHeader().length()
                  + self.horizontalScrollBar().sizeHint().height() + 2 * self.frameWidth())
        return QSize(hint.width(), height)

    def resizeEvent(self, event) -> None:
        """Rows share the height they are given (big cells for a projector), up to a readable limit;
        Qt's stretch mode would ignore the limit."""
        if event is not None:
            super().resizeEvent(event)
        rows = max(self._model.rowCount(), 1)
        line = QFontMetrics(self.font()).height()
        self.verticalHeader().setDefaultSectionSize(
            int(min(max(self.viewport().height() / rows, line * 2.2), line * 3.5)))


    # -- updating --------------------------------------------------------------------
    def _fit_columns(self) -> None:
        """Every column as wide as the widest guess or heading in the table (bold, as the last is)."""
        fm = QFontMetrics(scaled_font(self, bold=True))
        number = fm.horizontalAdvance(" 100%")
        model = self._model
        ids = set(model.ids[..., 0].ravel().tolist()) | set(self._exploration.window)
        for token in ids - self._widths.keys():
            self._widths[token] = fm.horizontalAdvance(isolate(self._exploration.tokenizer.display(token)))
        self._natural = max((self._widths[t] for t in ids), default=40) + number + 14
        self._share_width()

    def updateGeometries(self) -> None:
        """Qt's hook after every change of size, scroll bars or headers: the moment the width of the
        cells' area is final, so the columns are shared out here (once: resizing them comes back here)."""
        super().updateGeometries()
        if hasattr(self, "_natural") and not self._sharing:
            self._sharing = True
            try:
                self._share_width()
            finally:
                self._sharing = False

    def _snap(self, value: int) -> None:
        """Scroll by whole columns: the first column in view always starts at the left edge."""
        width = self.horizontalHeader().defaultSectionSize()
        snapped = min(-(-value // width) * width, self.horizontalScrollBar().maximum())
        if snapped != value:
            self.horizontalScrollBar().setValue(snapped)

    def _share_width(self) -> None:
        """k whole columns fill the view exactly: each gets width // k, the last also the remainder,
        so the furthest scroll is a whole number of columns and _snap can keep the first one whole."""
        header, n = self.horizontalHeader(), self._model.columnCount()
        if not n:
            return
        room = max(self.viewport().width(), 1)
        k = max(1, min(n, room // max(self._natural, 1)))
        width = room // k if n >= k and room >= self._natural else self._natural
        if header.defaultSectionSize() != width:
            header.setDefaultSectionSize(width)
        for i in range(max(0, n - 2), n):  # the column that was last keeps the plain width
            header.resizeSection(i, width + (room - k * width if i == n - 1 and n > k else 0))
        bar = self.horizontalScrollBar()
        if self._position == n - 1:  # following the newest token: it stays in view whatever the widths
            QTableView.updateGeometries(self)  # the range for the widths just set
            bar.setValue(bar.maximum())
        else:
            self._snap(bar.value())

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if on_font_change(event):
            self._widths.clear()
            self._fit_columns()
            self.resizeEvent(None)

    def _on_exploration_change(self, what: str) -> None:
        if what == "settings":  # sampling settings do not change what the layers compute
            return
        last = self._model.columnCount() - 1
        keep_last = what == "prompt" or self._position in (-1, last)  # newest token; a new text forgets a pick
        if what == "model":
            self._widths.clear()  # another codebook may write the same ids otherwise
        self._model.load()
        self._fit_columns()
        n = self._model.columnCount()
        self.set_position(n - 1 if keep_last or self._position >= n else self._position)
        self.updateGeometries()  # the scroll range for the new widths, before scrolling by it
        if self._position == n - 1:
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().maximum())  # the newest in view
        else:
            self.scrollTo(self._model.index(0, self._position))

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:
        super().currentChanged(current, previous)
        if current.isValid() and current.column() != self._position:
            self._position = current.column()
            self.positionSelected.emit(self._position)
