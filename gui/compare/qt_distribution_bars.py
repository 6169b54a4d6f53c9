"""QtDistributionBars: one model's next-token guesses at one point of an answer, as horizontal bars.

The look of the Explore page's next-token view (gui/explore/qt_next_token.py): the favourite on top,
chances on a percent axis, each bar's chance printed beside it. The token the aligned model
actually wrote there is orange and marked “◀ written”; when it is not among the model's top
guesses it gets a row of its own at the bottom, with its rank. Two of these side by side (the
base model and an aligned one) share one axis length, so equal bars mean equal chances.
The numbers are the engine's (`TokenShift.base_probs` / `aligned_probs`), never recomputed.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from ..common import themes
from ..common.text_format import isolate, percent
from ..common.zoom import on_font_change, scaled_font

BAR, WRITTEN = QtGui.QColor("#4c78a8"), QtGui.QColor("#f58518")  # as the Explore page's bars and selection
TOP = 8
LABEL_CHARS = 14
WIDEST_TOKEN = "·strawberries"


class _PercentAxis(pg.AxisItem):
    def tickStrings(self, values, scale, spacing):
        # as many decimals as the spacing needs: ticks half a percent apart read 0.5%, 1%, 1.5%, not 0% 1% 2% 2%
        decimals = 0 if spacing >= 0.00999 else 1 if spacing >= 0.000999 else 2
        return [f"{v:.{decimals}%}" if v <= 1.0001 else "" for v in values]


class QtDistributionBars(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[int, float, int]] = []  # what the bars show: (token, chance, rank from 0)
        self.chosen = -1
        self._right = 1.0
        self.title = QtWidgets.QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.plot = pg.PlotWidget(background=themes.plot_background(), axisItems={"bottom": _PercentAxis("bottom")})
        self.plot.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.getViewBox().setMouseEnabled(x=False, y=False)
        item.getViewBox().invertY(True)  # the favourite on top
        item.getAxis("left").setStyle(tickLength=0)
        item.getAxis("bottom").enableAutoSIPrefix(False)
        n = TOP + 1
        self.bars = pg.BarGraphItem(x0=np.zeros(n), y=np.arange(n, dtype=float), width=np.zeros(n), height=0.7,
                                    brushes=[BAR] * n, pens=[pg.mkPen(None)] * n)
        item.addItem(self.bars)
        self.labels = [pg.TextItem("", color=themes.color("plot_text"), anchor=(0, 0.5)) for _ in range(n)]
        for label in self.labels:
            item.addItem(label)
        item.getViewBox().sigResized.connect(self._place_labels)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.title)
        layout.addWidget(self.plot, 1)
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        self._font = scaled_font(self, 1.0)
        item = self.plot.getPlotItem()
        left, bottom = item.getAxis("left"), item.getAxis("bottom")
        left.setTickFont(self._font)
        left.setWidth(QtGui.QFontMetrics(self._font).horizontalAdvance(WIDEST_TOKEN) + 14)
        bottom.setTickFont(self._font)
        for label in self.labels:
            label.setFont(self._font)
        self._place_labels()

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if on_font_change(event):
            self._apply_fonts()

    def clear(self, title: str = "") -> None:
        self.rows, self.chosen = [], -1
        self.title.setText(title)
        self.bars.setOpts(width=np.zeros(TOP + 1))
        for label in self.labels:
            label.setVisible(False)
        self.plot.getPlotItem().getAxis("left").setTicks([[], []])

    def set_distribution(self, title: str, probs, chosen: int, display, right: float) -> None:
        """`probs` (vocab,) of one model at one point; `chosen` the token written there; `display(id)` its
        text; `right` the axis end, shared with the chart beside this one."""
        p = np.asarray(probs, dtype=np.float64)
        order = np.argsort(-p, kind="stable")  # ties towards the lower id, as the engine ranks them
        rank_of_chosen = int(np.nonzero(order == chosen)[0][0])
        rows = [(int(t), float(p[t]), r) for r, t in enumerate(order[:TOP])]
        if rank_of_chosen >= TOP:
            rows.append((chosen, float(p[chosen]), rank_of_chosen))
        self.rows, self.chosen, self._right = rows, chosen, right
        n = TOP + 1
        widths = np.array([r[1] for r in rows] + [0.0] * (n - len(rows)))
        brushes = [WRITTEN if r[0] == chosen else BAR for r in rows] + [BAR] * (n - len(rows))
        self.bars.setOpts(width=widths, brushes=brushes)
        ticks = []
        for i, (token, _, rank) in enumerate(rows):
            text = self._short(display(token))
            ticks.append((i, f"#{rank + 1} {text}" if i == TOP else text))
        self.plot.getPlotItem().getAxis("left").setTicks([ticks, []])
        for i, label in enumerate(self.labels):
            if i < len(rows):
                label.setText(percent(rows[i][1]) + (" ◀ written" if rows[i][0] == chosen else ""))
            label.setVisible(i < len(rows))
        self.plot.setXRange(0, right, padding=0)
        self.plot.setYRange(-0.6, n - 0.4, padding=0)
        self.title.setText(title)
        self.setAccessibleDescription("; ".join(f"{isolate(display(t))} {percent(q)}" for t, q, _ in rows))
        self._place_labels()

    def _place_labels(self, *_args) -> None:
        """Each chance just right of its bar; a label that would run past the chart's edge (a near-certain
        guess, "100% ◀ written", on a narrow window) goes inside its bar's end instead."""
        view = self.plot.getPlotItem().getViewBox()
        per_px = view.viewPixelSize()[0] or self._right / 400
        metrics = QtGui.QFontMetrics(self._font)
        for i, (token, value, _) in enumerate(self.rows):
            label = self.labels[i]
            needed = (metrics.horizontalAdvance(label.toPlainText()) + 12) * per_px
            inside = value + needed > self._right and value > needed
            label.setAnchor((1, 0.5) if inside else (0, 0.5))
            # inside a bar: dark on orange, white on blue (each over 4.5:1)
            label.setColor("#ffffff" if inside and token != self.chosen else themes.color("plot_text"))
            label.setPos(value - 4 * per_px if inside else value + 4 * per_px, i)

    def label_inside_chart(self, i: int) -> bool:
        """Whether row `i`'s label lies wholly inside the chart (what a room can read)."""
        view, label = self.plot.getPlotItem().getViewBox(), self.labels[i]
        return view.sceneBoundingRect().contains(label.mapRectToScene(label.boundingRect()))

    @staticmethod
    def _short(text: str) -> str:
        return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"
