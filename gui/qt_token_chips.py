"""QtTokenChips: the text as the model reads it, one coloured chip per token.

The point of the view is the surprise that a model reads pieces, not letters or
words, so every chip gets a new colour, spaces are drawn as dots, and hovering a
chip shows its code number. The chips are painted by one widget rather than built
from a label per token: a step then costs one repaint, not 128 new widgets.
"""
from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from .qt_subscription import follow

try:  # the shared palette of the internals views, when it exists
    from .colors import token_color as _shared_token_color
except ImportError:  # pragma: no cover - depends on the other views being present
    _shared_token_color = None

# Light, colour-blind-friendly fill colours (ColorBrewer Pastel1 / Set3); neighbours always differ.
_PALETTE = ("#b3cde3", "#fed9a6", "#ccebc5", "#fbb4ae", "#decbe4", "#ffffcc", "#e5d8bd", "#c6dbef")
PAD_X, PAD_Y, GAP = 5, 3, 4


def chip_color(position: int) -> QtGui.QColor:
    """The fill of the chip at an absolute position, so colours do not shift when the window slides."""
    if _shared_token_color is not None:
        try:
            value = _shared_token_color(position)
            color = QtGui.QColor(*value) if isinstance(value, tuple) else QtGui.QColor(value)
            if color.isValid():
                return color
        except Exception:  # noqa: BLE001 - a palette of another shape: fall back to ours
            pass
    return QtGui.QColor(_PALETTE[position % len(_PALETTE)])


class _ChipCanvas(QtWidgets.QWidget):
    """Lays out and paints the chips; wraps to its width and asks for the height it needs."""

    heightChanged = QtCore.Signal(int)

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
            self.setMinimumHeight(height)
            self.heightChanged.emit(height)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._relayout()

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

    MAX_VISIBLE_ROWS = 4

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
        self._max_height = self.MAX_VISIBLE_ROWS * (QtGui.QFontMetrics(self.font()).height() + 2 * PAD_Y + GAP)
        self.canvas.heightChanged.connect(self._on_height_change)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.scroll)
        self.scroll.verticalScrollBar().rangeChanged.connect(self._on_range_change)
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
            tip = f"Token {position + 1} · code number {token} · “{text}”"
            if from_model:
                g = ex.generated[position - n_prompt]
                tip += f"\nWritten by the model (it had a {g.probability:.1%} chance)"
            else:
                tip += "\nFrom your prompt"
            labels.append(text)
            tips.append(tip)
            colors.append(chip_color(position))
            generated.append(from_model)
        self.canvas.set_chips(labels, tips, colors, generated)
        n_gen = len(ex.generated)
        total = len(ex.tokens)
        sources = f"{total - n_gen} from your prompt, {n_gen} written by the model, in bold"
        if start:
            self.caption.setText(f"The text is {total} tokens ({sources}); the model reads only the last "
                                 f"{len(ids)}, its context window")
        else:
            self.caption.setText(f"What the model reads: {total} token{'s' if total != 1 else ''} ({sources})")
        self.canvas.setAccessibleDescription(" | ".join(shown[-64:]))

    def _on_height_change(self, height: int) -> None:
        # As tall as the chips need, up to a few rows; then the chips scroll.
        self.scroll.setFixedHeight(min(height, self._max_height) + 2)

    def _on_range_change(self, _minimum: int, maximum: int) -> None:
        # New tokens arrive at the end and grow the range: keep them in sight.
        self.scroll.verticalScrollBar().setValue(maximum)
