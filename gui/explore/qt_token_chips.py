"""QtTokenChips: the text as the model reads it, one coloured chip per token.

The point of the view is the surprise that a model reads pieces, not letters or
words, so every chip gets a new colour, spaces are drawn as dots, and hovering a
chip shows its code number. The chips are painted by one widget rather than built
from a label per token: a step then costs one repaint, not 128 new widgets.
The area is a fixed number of rows high (it scrolls, keeping the newest token in
sight), so the window below never jumps when the chips wrap onto a new row.
"""
from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from ..common.colors import token_color
from ..common.qt_subscription import follow
from ..common.text_format import isolate
from ..common.zoom import on_font_change

PAD_X, PAD_Y, GAP = 5, 3, 4


def chip_color(position: int) -> QtGui.QColor:
    """The fill of the chip at an absolute position, so colours do not shift when the window slides."""
    return token_color(position)


class _ChipCanvas(QtWidgets.QWidget):
    """Lays out and paints the chips; wraps to its width and asks for the height it needs (to scroll)."""

    def __init__(self, parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self.labels: list[str] = []
        self.tips: list[str] = []
        self.colors: list[QtGui.QColor] = []
        self.generated: list[bool] = []
        self.rects: list[QtCore.QRectF] = []
        self._pixmaps: dict[tuple, QtGui.QPixmap] = {}
        self.setMouseTracking(True)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Minimum)

    def set_chips(self, labels, tips, colors, generated) -> None:
        self.labels, self.tips, self.colors, self.generated = labels, tips, colors, generated
        self._relayout()
        self.update()

    def _relayout(self) -> None:
        metrics = QtGui.QFontMetricsF(self.font())
        bold = QtGui.QFont(self.font())
        bold.setBold(True)
        bold_metrics = QtGui.QFontMetricsF(bold)
        width = max(self.width(), 100)
        x = y = 0.0
        line = metrics.height() + 2 * PAD_Y
        self.rects = []
        for text, gen in zip(self.labels, self.generated):
            w = (bold_metrics if gen else metrics).horizontalAdvance(text) + 2 * PAD_X
            if x > 0 and x + w > width:
                x, y = 0.0, y + line + GAP
            self.rects.append(QtCore.QRectF(x, y, w, line))
            x += w + GAP
        height = int(y + line + 2)
        if self.minimumHeight() != height:
            self.setMinimumHeight(height)  # the scroll range

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._relayout()

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if on_font_change(event):  # zoom: other sizes, other pixmaps
            self._pixmaps.clear()
            self._relayout()
            self.update()

    @staticmethod
    def row_height(font: QtGui.QFont) -> float:
        return QtGui.QFontMetricsF(font).height() + 2 * PAD_Y + GAP

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        exposed = QtCore.QRectF(event.rect())
        for text, rect, color, gen in zip(self.labels, self.rects, self.colors, self.generated):
            if rect.intersects(exposed):
                painter.drawPixmap(rect.topLeft(), self._chip(text, color, gen, rect.size()))
        painter.end()

    def _chip(self, text: str, color: QtGui.QColor, gen: bool, size: QtCore.QSizeF) -> QtGui.QPixmap:
        """One chip, drawn once and kept: a token keeps its colour as the window slides, so a step
        draws one new chip and blits the rest (antialiased text and corners cost ~40 us a chip)."""
        key = (text, color.rgb(), gen, size.width(), size.height())
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            if len(self._pixmaps) > 4000:
                self._pixmaps.clear()
            ratio = self.devicePixelRatioF()
            pixmap = QtGui.QPixmap((size * ratio).toSize())
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(QtCore.Qt.GlobalColor.transparent)
            painter = QtGui.QPainter(pixmap)
            painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            rect = QtCore.QRectF(QtCore.QPointF(0, 0), size)
            # Model-written tokens get a dark frame and bold text, so the two sources stay apart.
            painter.setPen(QtGui.QPen(QtGui.QColor("#303030"), 2) if gen else QtGui.QPen(color.darker(130), 1))
            painter.setBrush(color)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 4, 4)
            font = QtGui.QFont(self.font())
            font.setBold(gen)
            painter.setFont(font)
            painter.setPen(QtGui.QColor("#111111"))
            painter.drawText(rect, QtCore.Qt.AlignmentFlag.AlignCenter, text)
            painter.end()
            self._pixmaps[key] = pixmap
        return pixmap

    def chip_at(self, pos: QtCore.QPointF) -> int:
        for i, rect in enumerate(self.rects):
            if rect.contains(pos):
                return i
        return -1

    def event(self, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.ToolTip:
            i = self.chip_at(QtCore.QPointF(event.pos()))
            if i >= 0:
                QtWidgets.QToolTip.showText(event.globalPos(), self.tips[i], self)
            else:
                QtWidgets.QToolTip.hideText()
            return True
        return super().event(event)


class QtTokenChips(QtWidgets.QWidget):
    """The model's context window as token chips, with a caption counting them."""

    ROWS = 2  # rows on screen; the window may ask for more (`set_rows`) when it is tall

    def __init__(self, exploration, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._ex = exploration
        self.caption = QtWidgets.QLabel(self)
        self.caption.setObjectName("chipsCaption")
        self.caption.setWordWrap(True)  # a long caption must not widen the window
        self.canvas = _ChipCanvas(self)
        self.canvas.setAccessibleName("Tokens the model reads")
        self.scroll = QtWidgets.QScrollArea(self)
        self.scroll.setWidget(self.canvas)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # it scrolls by itself; Tab goes on to the views
        self.rows = self.ROWS
        self._fit_height()
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.scroll)
        self.scroll.verticalScrollBar().rangeChanged.connect(lambda _low, _high: self.scroll_to_end())
        self._sync()
        follow(self, exploration, self._on_exploration_change)

    def _on_exploration_change(self, what: str) -> None:
        if what in ("prompt", "tokens", "model"):
            self._sync()

    def _sync(self) -> None:
        ex = self._ex
        start, n_prompt = ex.window_start, len(ex.prompt_tokens)
        ids, shown = ex.window, ex.displays()
        labels, tips, colors, generated = [], [], [], []
        if start:  # the text is longer than the context window: say so instead of hiding it silently
            labels.append(f"… {start} earlier tokens not read")
            tips.append("The model reads only its last "
                        f"{len(ids)} tokens (its context window); the earlier ones are forgotten.")
            colors.append(QtGui.QColor("#e0e0e0"))
            generated.append(False)
        for i, (token, text) in enumerate(zip(ids, shown)):
            position = start + i
            from_model = position >= n_prompt
            tip = f"Token {position + 1} · code number {token} · “{isolate(text)}”"
            if from_model:
                g = ex.generated[position - n_prompt]
                tip += f"\nWritten by the model (it had a {g.probability:.1%} chance)"
            else:
                tip += "\nFrom your prompt"
            tip += "\nThe model reads it as a token vector plus a position vector: see view 6"
            labels.append(text)
            tips.append(tip)
            colors.append(chip_color(position))
            generated.append(from_model)
        self.canvas.set_chips(labels, tips, colors, generated)
        n_gen = len(ex.generated)
        total = len(ex.tokens)
        sources = f"{total - n_gen} from your prompt, {n_gen} written by the model, in bold"
        if start and ex.capped:  # GPT-2 could read 1,024: the views read at most VIEW_TOKENS, and say so
            self.caption.setText(f"The text is {total} tokens ({sources}); the views read only the last "
                                 f"{len(ids)} (at most {ex.context} of the {ex.model.config.block_size:,} this model "
                                 "could read, so that every view stays quick)")
        elif start:
            self.caption.setText(f"The text is {total} tokens ({sources}); the model reads only the last "
                                 f"{len(ids)}, its context window")
        else:
            self.caption.setText(f"What the model reads: {total} token{'s' if total != 1 else ''} ({sources})")
        self.canvas.setAccessibleDescription(" | ".join(shown[-64:]))
        self.scroll_to_end()

    def set_rows(self, rows: int) -> None:
        """How many rows of chips show at once (the rest scroll)."""
        if rows != self.rows:
            self.rows = rows
            self._fit_height()

    def _fit_height(self) -> None:
        # A fixed height, whatever the number of chips: the layout below must not jump as they wrap.
        self.scroll.setFixedHeight(int(self.rows * self.canvas.row_height(self.canvas.font())) + 2)

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if on_font_change(event):
            self._fit_height()

    def scroll_to_end(self) -> None:
        """Keep the newest token in sight: it is always the last chip."""
        bar = self.scroll.verticalScrollBar()
        bar.setValue(bar.maximum())
