"""QtCompute: the compute meter. Tokens read and floating-point operations so far, beside the
published training compute of well-known models, on a log scale.

The numbers are the engine's: `explainer.compute.training_flops` (about 6 operations per
parameter per token, plus attention) for the model shown at the step shown, and
`explainer.compute.LANDMARKS` for the others, each with its year, source and whether it is
an estimate (marked ≈). The bars are made once and resized in place.
"""
from __future__ import annotations

import html
import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from ..common import themes
from ..common.text_format import amount, power_of_ten
from ..common.zoom import on_font_change, scaled_font

OURS, THEIRS = QtGui.QColor("#d55e00"), QtGui.QColor("#0072b2")
LOW = 9  # the scale starts at 10^9 FLOP: a billion operations


class _PowerAxis(pg.AxisItem):
    def tickStrings(self, values, scale, spacing):
        return [power_of_ten(10 ** v).replace("1.0 × ", "") if v == int(v) and int(v) % 3 == 0 else ""
                for v in values]


class QtCompute(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        from explainer.compute import LANDMARKS
        self.landmarks = LANDMARKS
        self.setAccessibleName("Compute meter: this model beside famous ones")
        self.summary = QtWidgets.QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.summary.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred)
        self.plot = pg.PlotWidget(self, background=themes.plot_background(), axisItems={"bottom": _PowerAxis("bottom")})
        self.plot.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.getViewBox().invertY(True)
        item.showGrid(x=True, y=False, alpha=0.25)
        n = 1 + len(LANDMARKS)
        self.names = ["This model"] + [f"{'≈ ' if m.estimate else ''}{m.name}"
                                       + ("" if str(m.year) in m.name else f", {m.year}") for m in LANDMARKS]
        item.getAxis("left").setTicks([list(enumerate(self.names))])
        self.bars = pg.BarGraphItem(x0=np.full(n, LOW), y=np.arange(n), width=np.zeros(n), height=0.6,
                                    brushes=[OURS] + [THEIRS] * len(LANDMARKS), pens=[pg.mkPen(None)] * n)
        item.addItem(self.bars)
        self.values = [pg.TextItem("", color=themes.color("plot_text"), anchor=(0, 0.5)) for _ in range(n)]
        for text in self.values:
            item.addItem(text)
        top = max(math.ceil(math.log10(m.flops)) for m in LANDMARKS) + 3
        item.setXRange(LOW, top, padding=0)
        item.setYRange(-0.6, n - 0.4, padding=0)
        item.getAxis("bottom").setTickSpacing(3, 1)
        self.source = QtWidgets.QLabel("Sources: each bar's published figure or estimate, listed in docs/train.md "
                                       "(≈: an estimate, its makers did not publish it).", self)
        self.source.setWordWrap(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.source)
        self._flops = [m.flops for m in LANDMARKS]
        self._apply_fonts()
        self.set_compute(None, 0)

    def set_compute(self, config, tokens_seen: int, what: str = "This model") -> None:
        """The model shown (its shape) after `tokens_seen` tokens; None: nothing shown yet."""
        from explainer.compute import compare, training_flops
        flops = training_flops(config, tokens_seen) if config is not None else 0.0
        widths = [max(math.log10(f) - LOW, 0) if f > 0 else 0 for f in [flops] + self._flops]
        self.bars.setOpts(width=np.array(widths))
        labels = [power_of_ten(flops) + " FLOP" if flops > 0 else "nothing yet"]
        labels += [power_of_ten(f) + " FLOP" for f in self._flops]
        for i, (text, label, width) in enumerate(zip(self.values, labels, widths)):
            text.setText(label)
            text.setPos(LOW + width + 0.2, i)
        if flops <= 0:
            self.summary.setText(f"<b>{html.escape(what)}</b> has read nothing yet: no computing has gone into it.")
            return
        ratios = compare(flops)
        nearest = ratios[1][0], ratios[1][1]  # GPT-3: the famous yardstick
        self.summary.setText(
            f"<b>{html.escape(what)}</b> has read <b>{amount(tokens_seen)} tokens</b>: about <b>{power_of_ten(flops)}</b> "
            f"floating-point operations (additions and multiplications) so far. {html.escape(nearest[0].name)} "
            f"took about <b>{amount(nearest[1], words=True)} times</b> more; the largest runs of 2025, about "
            f"<b>{amount(ratios[-1][1], words=True)} times</b> more.")

    def _apply_fonts(self) -> None:
        font = scaled_font(self)
        item = self.plot.getPlotItem()
        item.getAxis("left").setStyle(tickFont=font)
        item.getAxis("left").setWidth(max(QtGui.QFontMetrics(font).horizontalAdvance(n) for n in self.names) + 16)
        item.getAxis("bottom").setStyle(tickFont=font)
        item.getAxis("bottom").setLabel("training compute in floating-point operations (a log scale: each tick "
                                        "is 1,000 times the one before)",
                                        **{"font-size": f"{scaled_font(self, 0.9).pointSizeF():.0f}pt"})
        for text in self.values:
            text.setFont(font)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if on_font_change(event):
            self._apply_fonts()
