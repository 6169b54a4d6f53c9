"""QtAttentionLines: one attention head as lines between tokens, in the manner of BertViz's head view.

Two columns of the same tokens: on the left the token doing the reading (the query), on the
right the tokens it can read (the keys). Lines run from the selected query to each key it
attends to, thicker and darker for more weight, with the weight printed beside the key.
Keys after the query are drawn over the masked (hatched) background: the model cannot see
them. Plain QPainter drawing, since the picture is a few hundred lines and labels at most.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QScrollArea, QToolTip, QWidget

from explainer.explore import Exploration

from ..common import themes
from ..common.colors import ACCENT_COLOR, paint_masked
from ..common.qt_subscription import follow
from ..common.text_format import isolate
from ..common.zoom import on_font_change
from .followed_position import FollowedPosition
from .qt_attention_grid import TRACE_CHANGES, as_image, hover_text

MAX_LABEL_CHARS = 14


def short_label(text: str) -> str:
    return text if len(text) <= MAX_LABEL_CHARS else text[:MAX_LABEL_CHARS - 1] + "…"


class _Canvas(QWidget):
    """The drawing surface inside the scroll area; all state lives in the owning QtAttentionLines."""

    GAP = 110  # pixels between the two columns, where the lines run

    def __init__(self, owner: "QtAttentionLines") -> None:
        super().__init__()
        self._owner = owner
        self.setMouseTracking(True)

    # geometry in pixels, from the font so that a larger font scales everything
    def row_height(self) -> int:
        return QFontMetrics(self.font()).height() + 8

    def column_width(self) -> int:
        # asked for by every paint, size hint and click: measure the labels once per text and font
        key = (tuple(self._owner._displays), self.font().toString())
        if getattr(self, "_width_key", None) != key:
            fm = QFontMetrics(self.font())
            widest = max((fm.horizontalAdvance(short_label(d)) for d in set(key[0])), default=40)
            self._width_key, self._width = key, widest + 16
        return self._width

    def top(self) -> int:
        return self.row_height() + 6  # room for the column titles

    def sizeHint(self) -> QSize:
        n = len(self._owner._displays)
        number = QFontMetrics(self.font()).horizontalAdvance(" 0.00")
        return QSize(2 * self.column_width() + self.GAP + number + 16, self.top() + n * self.row_height() + 8)

    def row_at(self, y: float) -> int | None:
        row = int((y - self.top()) // self.row_height())
        return row if 0 <= row < len(self._owner._displays) else None

    def paintEvent(self, event) -> None:
        o = self._owner
        n = len(o._displays)
        if not n:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rh, cw, top = self.row_height(), self.column_width(), self.top()
        left_x, right_x = 8, 8 + cw + self.GAP
        text_color = self.palette().color(self.foregroundRole())
        bold = QFont(self.font())
        bold.setBold(True)
        p.setPen(text_color)
        p.drawText(QRectF(left_x, 0, cw, rh), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, "reading")
        p.drawText(QRectF(right_x, 0, cw * 2, rh), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "looks back at")
        q = o._query
        if q + 1 < n:  # the future of the selected query, masked as in the heatmap
            y0 = top + (q + 1) * rh
            paint_masked(p, QPolygonF(QRectF(right_x - 4, y0, cw + 8, (n - q - 1) * rh)))
        line_color = themes.color("line")  # colors.LINE_COLOR, or a lighter blue on a dark theme
        for key, weight in o._lines:  # lines first, so that the labels sit on top
            width = 1.0 + 7.0 * weight
            color = QColor(line_color)
            color.setAlphaF(0.25 + 0.75 * weight)
            p.setPen(QPen(color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawLine(QPointF(left_x + cw + 4, top + (q + 0.5) * rh), QPointF(right_x - 4, top + (key + 0.5) * rh))
            tint = QColor(line_color)
            tint.setAlphaF(0.6 * weight)
            p.fillRect(QRectF(right_x - 4, top + key * rh + 2, cw + 8, rh - 4), tint)
        for i, shown in enumerate(o._displays):
            y = top + i * rh
            label = short_label(shown)
            if i == q:
                p.fillRect(QRectF(left_x - 4, y + 1, cw + 8, rh - 2), ACCENT_COLOR)
                p.setPen(Qt.GlobalColor.white)
                p.setFont(bold)
            else:
                p.setPen(text_color)
                p.setFont(self.font())
            p.drawText(QRectF(left_x, y, cw, rh), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            p.setFont(self.font())
            p.setPen(text_color if i <= q else themes.color("placeholder"))  # the future: greyed, and hatched
            p.drawText(QRectF(right_x, y, cw, rh), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
        p.setPen(text_color)
        for key, weight in o._lines:  # the number, so that nothing is told by colour alone
            p.drawText(QRectF(right_x + cw + 8, top + key * rh, 80, rh),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{weight:.2f}")
        p.end()

    def mousePressEvent(self, event) -> None:
        row = self.row_at(event.position().y())
        if row is not None and event.button() == Qt.MouseButton.LeftButton and event.position().x() < 8 + self.column_width() + 4:
            self._owner.set_query(row)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        row = self.row_at(event.position().y())
        o = self._owner
        if row is None:
            QToolTip.hideText()
        elif event.position().x() < 8 + self.column_width() + 4:
            QToolTip.showText(event.globalPosition().toPoint(), f"‘{isolate(o._displays[row])}’: click to see what it reads", self)
        else:
            QToolTip.showText(event.globalPosition().toPoint(), hover_text(o._displays, o._pattern, o._query, row), self)
        super().mouseMoveEvent(event)


class QtAttentionLines(QScrollArea):
    """Lines from the selected query token to the earlier tokens it attends to."""

    querySelected = Signal(int)  # window position of the token doing the reading
    widthWanted = Signal(int)  # pixels that show both columns and the numbers without scrolling
    THRESHOLD = 0.02  # weights below this are not drawn: dozens of faint lines hide the strong ones
    EXPLANATION = (
        "The same attention head drawn as lines. Pick a token on the left (click it, or use Shift+arrows) "
        "to see which tokens on the right it reads: the earlier ones and itself. The thicker and darker the "
        "line, the more attention, with the exact share printed beside it. Tokens after it are greyed out, "
        "because the model cannot look ahead. Shares below 2% are left out."
    )

    def __init__(self, exploration: Exploration, layer: int = 0, head: int = 0, parent=None) -> None:
        super().__init__(parent)
        self._exploration = exploration
        self._layer, self._head = layer, head
        self._selection = FollowedPosition()  # keeps the newest token selected as tokens are added
        self._displays: list[str] = []
        self._pattern = np.zeros((0, 0), np.float32)
        self._lines: list[tuple[int, float]] = []
        self._canvas = _Canvas(self)
        self.setWidget(self._canvas)
        self.setWidgetResizable(True)
        self.setAccessibleName("Attention lines of one head")
        self.setAccessibleDescription(self.EXPLANATION)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._on_exploration_change("model")
        # unsubscribes when closed or destroyed (a view inside a window gets no close event)
        follow(self, exploration, self._on_exploration_change)

    # -- public --------------------------------------------------------------------
    def head(self) -> tuple[int, int]:
        return self._layer, self._head

    def query(self) -> int:
        return self._query

    def lines(self) -> list[tuple[int, float]]:
        """The (key, weight) lines drawn from the selected query."""
        return list(self._lines)

    def set_head(self, layer: int, head: int) -> None:
        self._layer, self._head = layer, head
        self._refresh()

    @property
    def _query(self) -> int:
        return self._selection.value

    def set_query(self, query: int) -> None:
        """Select the token doing the reading; emits `querySelected` when the choice changes."""
        # not a cached size: the heatmap may call first after a change
        if not self._selection.pick(query, len(self._exploration.window)):
            return
        self._update_lines()
        self._scroll_to_query()
        self.querySelected.emit(self._query)

    # -- updating --------------------------------------------------------------------
    def _on_exploration_change(self, what: str) -> None:
        if what == "prompt":
            self._selection.reset()  # a token of the old text means nothing in the new one
        if what in TRACE_CHANGES:
            self._refresh()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if on_font_change(event):  # zoom: rows, columns and the room they need (not the engine: see _fit)
            self._fit()

    def _refresh(self) -> None:
        config = self._exploration.model.config
        self._layer = min(self._layer, config.n_layer - 1)
        self._head = min(self._head, config.n_head - 1)
        self._pattern = as_image(self._exploration.attention(self._layer, self._head))
        self._displays = self._exploration.displays()
        n = len(self._displays)
        previous = self._query
        self._selection.value = self._selection.after_change(n)
        self._update_lines()
        self._fit()
        if self._query != previous:
            self.querySelected.emit(self._query)

    def _fit(self) -> None:
        """The canvas's size for what is drawn now; reads nothing from the engine, so a hidden view
        that is behind the text (qt_subscription) can still follow the zoom."""
        hint = self._canvas.sizeHint()
        self._canvas.setMinimumSize(hint)
        self._canvas.resize(max(hint.width(), self.viewport().width()), hint.height())  # scroll range now
        # the head view gives it room for both columns and the numbers when it can; narrower, it scrolls
        self.setMinimumWidth(min(hint.width(), 240))
        self.widthWanted.emit(hint.width() + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth() + 2)
        self._scroll_to_query()

    def _update_lines(self) -> None:
        if self._query >= len(self._pattern):  # a query chosen just before this view's own refresh
            self._lines = []
            return
        row = self._pattern[self._query, : self._query + 1]  # keys up to the query: the rest is masked
        self._lines = [(int(k), float(row[k])) for k in np.flatnonzero(row >= self.THRESHOLD)]
        self._canvas.update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._scroll_to_query()  # the middle moved with the height

    def _scroll_to_query(self) -> None:
        """The selected token in the middle (or as near as the ends allow): where the view scrolls then
        depends only on what is selected, not on how one got there, so a reopened scene looks the same."""
        y = self._canvas.top() + int((self._query + 0.5) * self._canvas.row_height())
        self.verticalScrollBar().setValue(y - self.viewport().height() // 2)

    def move_selection(self, dx: int, dy: int) -> None:
        """Shift+arrows: ← ↑ the earlier token, → ↓ the later one."""
        self.set_query(self._query + dx + dy)
