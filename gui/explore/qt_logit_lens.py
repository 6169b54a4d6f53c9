"""QtLogitLens: what the model would guess next if it stopped after each layer (the logit lens).

After nostalgebraist's logit lens (2020): every layer's output is read through the model's
final unembedding, as if the layers above it were not there. One row per layer, stacked like
floors (layer 1 at the bottom, the model's real output at the top), one column per position
in the text. Each cell names the token that layer would predict next and its probability,
on a background coloured by that probability; the tooltip lists the top three. Columns are
at least as wide as the widest guess (no text is cut) and share the view's width exactly,
the last one taking the few pixels left over; the table scrolls a whole column at a time,
so the first column in view is never half hidden, even scrolled to the end. For a model with
a large vocabulary (GPT-2: 50,257 tokens) the engine reads only the last positions through
the lens (`Exploration.lens_positions`); the first column's heading and the explanation say
how many earlier ones are left out. Positions in this view's API are window positions.
"""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from explainer.explore import Exploration

from ..common.qt_subscription import follow
from ..common.text_format import isolate, percent
from ..common.zoom import on_font_change, scaled_font
from .lens_table import TOP, LensDelegate, LensModel, cell_token, skipped

__all__ = ["TOP", "QtLogitLens", "percent"]


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
        self._model = LensModel(exploration, self)
        self.setModel(self._model)
        self.setItemDelegate(LensDelegate(self))
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
        """Select the column of a window position (the first or last shown, beyond them); emits
        `positionSelected` when it changes."""
        column = min(max(int(position) - self._model.first, 0), self._model.columnCount() - 1)
        self.selectColumn(column)
        self.setCurrentIndex(self._model.index(0, column))  # the top row: if the floors do not fit, the output does

    def first_position(self) -> int:
        """The window position of the first column (0 unless the lens covers only the last positions)."""
        return self._model.first

    def cell_text(self, layer: int, position: int) -> str:
        return self._model.data(self.cell_index(layer, position))

    def cell_index(self, layer: int, position: int) -> QModelIndex:
        return self._model.index(self._model.row(layer), position - self._model.first)

    def sizeHint(self) -> QSize:
        """Tall enough for every layer: a few rows, so the table never needs a vertical scroll."""
        hint = super().sizeHint()
        height = (self.horizontalHeader().sizeHint().height() + self.verticalHeader().length()
                  + self.horizontalScrollBar().sizeHint().height() + 2 * self.frameWidth())
        return QSize(hint.width(), height)

    def resizeEvent(self, event) -> None:
        """Rows share the height they are given (big cells for a projector), up to a readable limit;
        Qt's stretch mode would ignore the limit. Twelve layers (GPT-2) may be a line high each, so that
        every floor, the model's own output on top, is in view without scrolling."""
        if event is not None:
            super().resizeEvent(event)
        rows = max(self._model.rowCount(), 1)
        line = QFontMetrics(self.font()).height()
        self.verticalHeader().setMinimumSectionSize(line)  # Qt's own least height is a line and some padding
        self.verticalHeader().setDefaultSectionSize(
            int(min(max(self.viewport().height() / rows, line * 2.2 if rows <= 6 else line), line * 3.5)))


    # -- updating --------------------------------------------------------------------
    def _fit_columns(self) -> None:
        """Every column as wide as the widest guess or heading in the table (bold, as the last is)."""
        fm = QFontMetrics(scaled_font(self, bold=True))
        number = fm.horizontalAdvance(" 100%")
        model = self._model
        ids = set(model.ids[..., 0].ravel().tolist()) | set(self._exploration.window)
        for token in ids - self._widths.keys():
            self._widths[token] = fm.horizontalAdvance(isolate(cell_token(self._exploration.tokenizer.display(token))))
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
        if self._position - self._model.first == n - 1:  # following the newest token: it stays in view
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
        last = self._model.first + self._model.columnCount() - 1
        keep_last = what == "prompt" or self._position in (-1, last)  # newest token; a new text forgets a pick
        if what == "model":
            self._widths.clear()  # another codebook may write the same ids otherwise
        self._model.load()
        self._explain()
        self._fit_columns()
        n = len(self._exploration.window)
        self.set_position(n - 1 if keep_last or self._position >= n else self._position)
        self.updateGeometries()  # the scroll range for the new widths, before scrolling by it
        if self._position == n - 1:
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().maximum())  # the newest in view
        else:
            self.scrollTo(self._model.index(0, self._position - self._model.first))

    def _explain(self) -> None:
        first, shown = self._model.first, self._model.columnCount()
        self.EXPLANATION = type(self).EXPLANATION + (" " + skipped(first, shown) if first else "")
        self.setAccessibleDescription(self.EXPLANATION)

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:
        super().currentChanged(current, previous)
        if current.isValid() and self._model.first + current.column() != self._position:
            self._position = self._model.first + current.column()
            self.positionSelected.emit(self._position)
