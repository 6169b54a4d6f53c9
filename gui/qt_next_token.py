"""QtNextToken: the model's best guesses for the next token, as horizontal bars.

Bars show each token's chance after temperature, the distribution the dials
reshape; tokens that top-k or top-p cross out turn grey, and a dashed outline
shows the model's own chance when the temperature is not 1. Clicking a row (or
selecting it with the arrow keys and pressing Enter) makes the model take that
token. All numbers come from `Exploration.candidates()` and `distribution()`.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from .qt_generated_text import percent
from .qt_subscription import follow

KEPT, CUT, SELECTED = QtGui.QColor("#4c78a8"), QtGui.QColor("#c9c9c9"), QtGui.QColor("#f58518")
LABEL_CHARS = 14


class _PercentAxis(pg.AxisItem):
    def tickStrings(self, values, scale, spacing):
        # The axis runs past 100% to leave room for the labels; a chance never does.
        return [f"{v:.0%}" if v <= 1.0001 else "" for v in values]


class QtNextToken(QtWidgets.QWidget):
    """Top-k candidate bars with live filters, click-to-choose and hover details."""

    K = 10

    def __init__(self, exploration, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._ex = exploration
        self.candidates = []  # what the bars show now, as the engine computed it
        self.reasons: list[str] = []  # why each cut bar was cut
        self.selected = 0
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Next token chances")
        self.title = QtWidgets.QLabel(self)
        self.title.setObjectName("viewTitle")
        self.title.setWordWrap(True)
        self.legend = QtWidgets.QLabel(self)
        self.legend.setWordWrap(True)
        self.plot = pg.PlotWidget(background="w", axisItems={"bottom": _PercentAxis("bottom")})
        self.plot.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.plot.setAccessibleName("Bar chart of the next-token chances; click a bar to choose that token")
        self._build_items()
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.legend)
        self.refresh()
        follow(self, exploration, self._on_exploration_change)

    def _build_items(self) -> None:
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.getViewBox().setMouseEnabled(x=False, y=False)
        item.getViewBox().invertY(True)  # the favourite on top
        font = QtGui.QFont()
        font.setPointSize(12)
        left = item.getAxis("left")
        left.setTickFont(font)
        left.setWidth(150)
        left.setStyle(tickLength=0)
        bottom = item.getAxis("bottom")
        bottom.setTickFont(font)
        bottom.enableAutoSIPrefix(False)  # "x0.001" under a percent axis would read as nonsense
        item.setLabel("bottom", "chance")
        rows = np.arange(self.K, dtype=float)
        zeros = np.zeros(self.K)
        self.outline = pg.BarGraphItem(x0=zeros, y=rows, width=zeros, height=0.8, brush=None,
                                       pen=pg.mkPen("#555555", width=1.5, style=QtCore.Qt.PenStyle.DashLine))
        self.bars = pg.BarGraphItem(x0=zeros, y=rows, width=zeros, height=0.7, brushes=[KEPT] * self.K,
                                    pens=[pg.mkPen(None)] * self.K)
        item.addItem(self.bars)
        item.addItem(self.outline)
        self.labels = []
        for i in range(self.K):
            label = pg.TextItem("", color="#222222", anchor=(0, 0.5))
            label.setFont(font)
            item.addItem(label)
            self.labels.append(label)
        self.plot.scene().sigMouseClicked.connect(self._on_scene_click)
        self.plot.scene().sigMouseMoved.connect(self._on_scene_hover)

    # -- engine -> view ------------------------------------------------------------------
    def _on_exploration_change(self, what: str) -> None:
        # (a hidden tab is not called until it is shown again: see qt_subscription.follow)
        self.refresh()

    def refresh(self) -> None:
        ex = self._ex
        self.candidates = ex.candidates(self.K)
        dist = ex.distribution()
        self.reasons = ["" if c.kept else ("top-k" if float(dist.top_k_probs[c.token]) == 0 else "top-p")
                        for c in self.candidates]
        n = len(self.candidates)
        self.selected = min(self.selected, max(n - 1, 0))
        shown = np.array([c.shown_prob for c in self.candidates] + [0.0] * (self.K - n))
        model = np.array([c.model_prob for c in self.candidates] + [0.0] * (self.K - n))
        brushes = [(KEPT if c.kept else CUT) for c in self.candidates] + [CUT] * (self.K - n)
        self.bars.setOpts(width=shown, brushes=brushes, pens=self._pens())
        temperature_on = abs(ex.settings.temperature - 1.0) > 1e-6
        self.outline.setVisible(temperature_on)
        if temperature_on:
            self.outline.setOpts(width=model)
        top = max([max(c.shown_prob, c.model_prob if temperature_on else 0) for c in self.candidates] + [0.05])
        right = min(1.0, top) * 1.3  # room on the right for the labels
        self.plot.setXRange(0, right, padding=0)
        for i, label in enumerate(self.labels):
            if i < n:
                c = self.candidates[i]
                label.setText(percent(c.shown_prob) + ("" if c.kept else f"  cut by {self.reasons[i]}"))
                label.setPos(max(c.shown_prob, c.model_prob if temperature_on else 0) + right * 0.01, i)
            label.setVisible(i < n)
        ticks = [(i, self._short(c.text)) for i, c in enumerate(self.candidates)]
        self.plot.getPlotItem().getAxis("left").setTicks([ticks, []])
        self.plot.setYRange(-0.6, self.K - 0.4, padding=0)
        self._update_texts()

    def _update_texts(self) -> None:
        ex, s = self._ex, self._ex.settings
        last = ex.tokenizer.display(ex.tokens[-1]) if ex.tokens else ""
        self.title.setText(f"<b>What comes next?</b> The model's {len(self.candidates)} best guesses after "
                           f"“{last}”")
        filters = []
        if s.top_k:
            filters.append(f"top-k keeps only the {s.top_k} most likely")
        if s.top_p < 1:
            filters.append(f"top-p keeps the most likely until they add up to {s.top_p:.0%}")
        cut = (f"<span style='color:{CUT.name()}'>■</span> crossed out: " + "; ".join(filters)) if filters else \
            "No filter is on: every token can be drawn"
        outline = " &nbsp; ┆ dashed outline: the model's own chance before temperature" \
            if abs(s.temperature - 1) > 1e-6 else ""
        self.legend.setText(f"<span style='color:{KEPT.name()}'>■</span> chance after temperature "
                            f"{s.temperature:g} &nbsp; {cut}{outline}. Click a bar to choose that token.")
        self.setAccessibleDescription("; ".join(f"{c.text} {percent(c.shown_prob)}" for c in self.candidates))

    def _pens(self) -> list[QtGui.QPen]:
        # The keyboard selection is framed only while the chart has the focus, as a cursor would be.
        return [pg.mkPen(SELECTED, width=3) if i == self.selected and self.hasFocus() else pg.mkPen(None)
                for i in range(self.K)]

    def _draw_selection(self) -> None:
        self.bars.setOpts(pens=self._pens())

    @staticmethod
    def _short(text: str) -> str:
        return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"

    # -- view -> engine ---------------------------------------------------------------------
    def row_at(self, scene_pos: QtCore.QPointF) -> int:
        """The bar row under a scene position, or -1: the whole row counts, so short bars are easy to hit."""
        item = self.plot.getPlotItem()
        if not item.sceneBoundingRect().contains(scene_pos):
            return -1
        y = item.getViewBox().mapSceneToView(scene_pos).y()
        row = int(round(y))
        return row if 0 <= row < len(self.candidates) and abs(y - row) <= 0.45 else -1

    def bar_center(self, row: int) -> QtCore.QPoint:
        """Where bar `row` is drawn, in the plot viewport's pixels (for tests and the benchmark)."""
        c = self.candidates[row]
        scene = self.plot.getPlotItem().getViewBox().mapViewToScene(QtCore.QPointF(c.shown_prob / 2, row))
        return self.plot.mapFromScene(scene)

    def choose(self, row: int) -> None:
        if 0 <= row < len(self.candidates):
            self._ex.choose(self.candidates[row].token)

    def _on_scene_click(self, event) -> None:
        if event.button() != QtCore.Qt.MouseButton.LeftButton or event.double():
            return
        row = self.row_at(event.scenePos())
        if row >= 0:
            self.selected = row
            self.choose(row)

    def _on_scene_hover(self, scene_pos: QtCore.QPointF) -> None:
        row = self.row_at(scene_pos)
        if row < 0:
            QtWidgets.QToolTip.hideText()
            return
        QtWidgets.QToolTip.showText(QtGui.QCursor.pos(), self.tooltip(row), self.plot)

    def tooltip(self, row: int) -> str:
        c, s = self.candidates[row], self._ex.settings
        lines = [f"“{c.text}” (code {c.token})",
                 f"the model's own chance: {c.model_prob:.2%}",
                 f"after temperature {s.temperature:g}: {c.shown_prob:.2%}"]
        lines.append(f"after the filters: {c.final_prob:.2%} (what Step draws from)" if c.kept
                     else f"cut by {self.reasons[row]}: Step cannot draw it")
        return "\n".join(lines + ["click to choose it"])

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        key = event.key()
        if key in (QtCore.Qt.Key.Key_Up, QtCore.Qt.Key.Key_Down) and self.candidates:
            step = -1 if key == QtCore.Qt.Key.Key_Up else 1
            self.selected = (self.selected + step) % len(self.candidates)
            self._draw_selection()
        elif key in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter):
            self.choose(self.selected)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QtGui.QFocusEvent) -> None:
        super().focusInEvent(event)
        self._draw_selection()

    def focusOutEvent(self, event: QtGui.QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._draw_selection()
