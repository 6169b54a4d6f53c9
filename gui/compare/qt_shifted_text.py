"""QtShiftedText: an answer as a row of token chips that wraps like text, coloured by token shift.

After AlignTDS (Lin et al. 2024): every token an aligned model wrote is coloured by where the
base model ranked it at that point, given the same text so far. Grey: the base model's own first
choice; yellow: in its top three; orange: a real departure (the engine's classes, colours from
Paul Tol's light scheme, gui/common/colors.py). Not by colour alone: a shifted token is also bold and
underlined, a top-three one underlined with dots (as a "possible" word of the Explore page's text),
and with `ranks` on, the base model's rank is printed under every chip (#1 = its favourite). Chips
sit close together inside a word and apart between words, so the answer reads as a sentence. A click (or `set_selected`) frames one chip in the selection orange.
"""
from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from ..common import themes
from ..common.colors import ACCENT_COLOR, TOKEN_PALETTE
from ..common.zoom import on_font_change, scaled_font

CLASS_COLORS = {"unshifted": TOKEN_PALETTE[8], "marginal": TOKEN_PALETTE[2], "shifted": TOKEN_PALETTE[1]}
PLAIN = QtGui.QColor("#ffffff")  # the base model's own answer: nothing to compare it with
BORDER = QtGui.QColor("#9a9a9a")
CLASS_WORDS = {"unshifted": "the base model's own first choice", "marginal": "in the base model's top three",
               "shifted": "a real departure from the base model"}
PAD, PIECE_GAP, WORD_GAP, LINE_GAP = 4, 2, 7, 3
RANK_SCALE = 0.78


def chip_label(display: str) -> tuple[str, bool]:
    """(what the chip shows, whether a space comes before it): "·Tom" reads as a gap, then "Tom"."""
    if len(display) > 1 and display.startswith("·") and not display.startswith("··"):
        return display[1:], True
    return display, False


class QtShiftedText(QtWidgets.QWidget):
    tokenClicked = QtCore.Signal(int)

    def __init__(self, parent: QtWidgets.QWidget | None = None, ranks: bool = False) -> None:
        super().__init__(parent)
        self.show_ranks = ranks
        self.displays: list[str] = []
        self.classes: tuple[str, ...] | None = None
        self.ranks: tuple[int, ...] | None = None
        self.selected = -1
        self._rects: list[QtCore.QRectF] = []
        self._laid_for = -1
        policy = QtWidgets.QSizePolicy(QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMouseTracking(True)

    # -- content ---------------------------------------------------------------------------
    def set_tokens(self, displays: list[str], classes: tuple[str, ...] | None = None,
                   ranks: tuple[int, ...] | None = None) -> None:
        """The tokens as `Tokenizer.display` writes them; their shift classes and base ranks, if any."""
        self.displays, self.classes, self.ranks = list(displays), classes, ranks
        self.selected = -1
        self._laid_for = -1
        self.updateGeometry()
        self.update()
        self.setAccessibleDescription(self.plain_text())

    def set_selected(self, index: int) -> None:
        self.selected = index if 0 <= index < len(self.displays) else -1
        self.update()

    def plain_text(self) -> str:
        return "".join((" " if gap else "") + label for label, gap in map(chip_label, self.displays)).strip()

    def chip_color(self, index: int) -> QtGui.QColor:
        return CLASS_COLORS[self.classes[index]] if self.classes is not None else PLAIN

    def tooltip(self, index: int) -> str:
        text = f"“{self.displays[index]}”"
        if self.classes is None:
            return text
        rank = f"the base model's choice #{self.ranks[index] + 1}" if self.ranks is not None else ""
        return f"{text}: {rank} ({CLASS_WORDS[self.classes[index]]})".replace(":  (", ": (")

    # -- geometry ----------------------------------------------------------------------------
    def _fonts(self) -> tuple[QtGui.QFont, QtGui.QFont, QtGui.QFont]:
        font = QtGui.QFont(self.font())
        bold = QtGui.QFont(font)
        bold.setBold(True)
        return font, bold, scaled_font(self, RANK_SCALE)

    def _layout(self, width: int) -> tuple[list[QtCore.QRectF], int]:
        font, bold, small = self._fonts()
        fm, fb, fs = QtGui.QFontMetrics(font), QtGui.QFontMetrics(bold), QtGui.QFontMetrics(small)
        chip_h = fm.height() + 4
        row_h = chip_h + (fs.height() if self.show_ranks else 0) + LINE_GAP
        rects, x, y = [], 0.0, 0.0
        for i, display in enumerate(self.displays):
            label, gap = chip_label(display)
            metrics = fb if self.classes is not None and self.classes[i] == "shifted" else fm
            w = metrics.horizontalAdvance(label) + 2 * PAD
            if self.show_ranks and self.ranks is not None:
                w = max(w, fs.horizontalAdvance(f"#{self.ranks[i] + 1}") + 2 * PAD)
            step = (WORD_GAP if gap else PIECE_GAP) if x > 0 else 0
            if x > 0 and x + step + w > width:
                x, y, step = 0.0, y + row_h, 0
            rects.append(QtCore.QRectF(x + step, y, w, chip_h))
            x += step + w
            if display == "⏎":
                x, y = 0.0, y + row_h
        height = int(y + row_h) if rects and x > 0 else int(y) + (0 if rects else row_h)
        return rects, max(height, row_h)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._layout(width)[1]

    def sizeHint(self) -> QtCore.QSize:
        width = max(self.width(), 240)
        return QtCore.QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(120, self.heightForWidth(max(self.width(), 120)))

    def rects(self) -> list[QtCore.QRectF]:
        if self._laid_for != self.width():
            self._rects, _ = self._layout(self.width())
            self._laid_for = self.width()
        return self._rects

    def index_at(self, pos: QtCore.QPointF) -> int:
        for i, rect in enumerate(self.rects()):
            if rect.adjusted(-PIECE_GAP, -2, PIECE_GAP, 2).contains(pos):
                return i
        return -1

    def chip_center(self, index: int) -> QtCore.QPoint:
        """Where chip `index` is drawn, in this widget's pixels (for tests and scripts)."""
        return self.rects()[index].center().toPoint()

    # -- Qt ------------------------------------------------------------------------------------
    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if on_font_change(event):
            self._laid_for = -1
            self.updateGeometry()

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._laid_for = -1
        if self.heightForWidth(self.width()) != self.height():
            self.updateGeometry()

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        font, bold, small = self._fonts()
        fs = QtGui.QFontMetrics(small)
        for i, rect in enumerate(self.rects()):
            label, _ = chip_label(self.displays[i])
            shifted = self.classes is not None and self.classes[i] == "shifted"
            marginal = self.classes is not None and self.classes[i] == "marginal"
            painter.setPen(QtGui.QPen(BORDER, 1))
            painter.setBrush(self.chip_color(i))
            painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
            painter.setFont(bold if shifted else font)
            painter.setPen(QtGui.QColor("#111111"))
            painter.drawText(rect, QtCore.Qt.AlignmentFlag.AlignCenter, label)
            if shifted or marginal:  # not by colour alone: underlined as well, with dots for the top three
                style = QtCore.Qt.PenStyle.SolidLine if shifted else QtCore.Qt.PenStyle.DotLine
                painter.setPen(QtGui.QPen(QtGui.QColor("#111111"), 2 if shifted else 1.5, style))
                painter.drawLine(QtCore.QPointF(rect.left() + PAD, rect.bottom() - 3),
                                 QtCore.QPointF(rect.right() - PAD, rect.bottom() - 3))
            if self.show_ranks and self.ranks is not None:
                painter.setFont(small)
                painter.setPen(themes.color("soft"))  # under the chip, on the window: #333333 on the light theme
                below = QtCore.QRectF(rect.left(), rect.bottom(), rect.width(), fs.height())
                painter.drawText(below, QtCore.Qt.AlignmentFlag.AlignCenter, f"#{self.ranks[i] + 1}")
            if i == self.selected:
                painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
                painter.setPen(QtGui.QPen(ACCENT_COLOR, 3))
                painter.drawRoundedRect(rect.adjusted(-1.5, -1.5, 1.5, 1.5), 5, 5)
        painter.end()

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:
        index = self.index_at(event.position())
        if index >= 0 and event.button() == QtCore.Qt.MouseButton.LeftButton:
            self.tokenClicked.emit(index)
        super().mousePressEvent(event)

    def event(self, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.ToolTip:
            index = self.index_at(QtCore.QPointF(event.pos()))
            if index >= 0:
                QtWidgets.QToolTip.showText(event.globalPos(), self.tooltip(index), self)
            else:
                QtWidgets.QToolTip.hideText()
            return True
        return super().event(event)
