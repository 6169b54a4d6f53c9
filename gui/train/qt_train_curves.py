"""QtTrainCurves: the loss as it falls, the learning rate, tokens read and speed, and the
sentence the model writes from the fixed prompt, kept at every step.

It draws one model of the shelf (the one on the timeline): its training curve
(`ShelfModel.curve`, one row per snapshot of the run: step, tokens seen, losses, learning
rate, speed, sometimes a sample) and its timeline points. The plot items are made once and
updated in place from preallocated buffers, at most 20 times a second (`refresh` only marks
them stale; a timer draws). The loss plot carries two reference marks: the loss of guessing
uniformly among the whole vocabulary (ln of its size), where every model starts, and the
tiny world's own entropy bound (`explainer.world.entropy`), the floor no model can beat.
"""
from __future__ import annotations

import html
import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from ..common import themes
from ..common.text_format import amount
from ..common.zoom import fit_axis, on_font_change, scaled_font

TRAIN_COLOR, VAL_COLOR = QtGui.QColor("#0072b2"), QtGui.QColor("#d55e00")  # the reference lines: the theme's grey
MARKER_COLOR = QtGui.QColor("#d55e00")
REPAINT_MS = 50  # at most 20 repaints a second, however fast the snapshots come


class Series:
    """A growing (x, y) buffer: appended in place, read as views; its capacity doubles when full."""

    def __init__(self, capacity: int = 1024) -> None:
        self.x, self.y, self.n = np.zeros(capacity), np.zeros(capacity), 0

    def clear(self) -> None:
        self.n = 0

    def append(self, x: float, y: float) -> None:
        if self.n == len(self.x):
            self.x, self.y = np.resize(self.x, 2 * self.n), np.resize(self.y, 2 * self.n)
        self.x[self.n], self.y[self.n] = x, y
        self.n += 1

    def data(self, positive_x: bool = False) -> tuple[np.ndarray, np.ndarray]:
        x, y = self.x[:self.n], self.y[:self.n]
        if positive_x and self.n and x[0] <= 0:
            first = int(np.searchsorted(x, 0, side="right"))
            return x[first:], y[first:]
        return x, y


class _AmountAxis(pg.AxisItem):
    """Ticks as a room reads them: 0, 5 M, 10 M, 25 k."""

    def tickStrings(self, values, scale, spacing):
        return [amount(v) if v >= 1000 else f"{v:g}" for v in values]


def _small_plot(layout: pg.GraphicsLayoutWidget, row: int, col: int, title: str, color: QtGui.QColor):
    axes = {} if title == "learning rate" else {"left": _AmountAxis("left")}
    plot = layout.addPlot(row=row, col=col, axisItems=axes)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.setMouseEnabled(x=False, y=False)
    plot.showGrid(x=False, y=True, alpha=0.2)
    curve = plot.plot(pen=pg.mkPen(color, width=2))
    curve.setDownsampling(auto=True, method="peak")
    curve.setClipToView(True)
    plot.getAxis("left").enableAutoSIPrefix(False)
    return plot, curve, title


class QtTrainCurves(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Training curves and samples")
        self.model = None
        self.log_steps = False
        self.marker_step: int | None = None
        self.references: tuple[float | None, float | None] = (None, None)  # (uniform guessing, the floor)
        self._rows_done = 0
        self._samples_shown: list = []
        self._stale = False
        self.series = {k: Series() for k in ("loss", "val", "lr", "tokens", "speed")}
        self.chart = pg.GraphicsLayoutWidget(self)
        self.chart.setBackground(themes.plot_background())
        self.chart.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.loss_plot = self.chart.addPlot(row=0, col=0, colspan=3)
        self.loss_plot.setMenuEnabled(False)
        self.loss_plot.hideButtons()
        self.loss_plot.setMouseEnabled(x=False, y=False)
        self.loss_plot.showGrid(x=False, y=True, alpha=0.2)
        self.loss_curve = self.loss_plot.plot(pen=pg.mkPen(TRAIN_COLOR, width=2), name="training text")
        self.loss_curve.setDownsampling(auto=True, method="peak")
        self.loss_curve.setClipToView(True)
        self.val_curve = self.loss_plot.plot(pen=None, symbol="o", symbolSize=6, symbolBrush=VAL_COLOR,
                                             symbolPen=None, name="text it never learns from")
        reference = themes.color("muted")  # #555555 on the light theme's white
        dash = dict(color=reference, width=1.5, style=QtCore.Qt.PenStyle.DashLine)
        below = dict(position=0.98, anchors=[(1, 0), (1, 0)], color=reference)
        self.uniform_line = pg.InfiniteLine(angle=0, pen=pg.mkPen(**dash), label="", labelOpts=below)
        self.floor_line = pg.InfiniteLine(angle=0, pen=pg.mkPen(**dash), label="",
                                          labelOpts=dict(below, anchors=[(1, 1), (1, 1)]))  # above its line
        self.marker = pg.InfiniteLine(angle=90, pen=pg.mkPen(MARKER_COLOR, width=1.5))
        for item in (self.uniform_line, self.floor_line, self.marker):
            self.loss_plot.addItem(item, ignoreBounds=True)
        self.small = [_small_plot(self.chart, 1, 0, "learning rate", TRAIN_COLOR),
                      _small_plot(self.chart, 1, 1, "tokens read", TRAIN_COLOR),
                      _small_plot(self.chart, 1, 2, "tokens per second", TRAIN_COLOR)]
        self.chart.ci.layout.setRowStretchFactor(0, 5)
        self.chart.ci.layout.setRowStretchFactor(1, 2)
        self.not_recorded = {}  # what an older model's saved curve does not hold, said in its plot
        for (plot, _, _), key in ((self.small[0], "lr"), (self.small[2], "speed")):
            text = self.not_recorded[key] = pg.TextItem("not kept\nfor this model", color=reference,
                                                        anchor=(0.5, 0.5))
            text.setPos(0.5, 0.5)
            plot.addItem(text, ignoreBounds=True)
        self.legend = QtWidgets.QLabel(self)
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.samples = QtWidgets.QTextBrowser(self)
        self.samples.setAccessibleName("What the model wrote at each step, from the same start")
        self.samples_title = QtWidgets.QLabel("<b>What it writes from “Once upon a time”</b>", self)
        self.samples_title.setWordWrap(True)
        left = QtWidgets.QVBoxLayout()
        left.addWidget(self.chart, 1)
        left.addWidget(self.legend)
        right = QtWidgets.QVBoxLayout()
        right.addWidget(self.samples_title)
        right.addWidget(self.samples, 1)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(REPAINT_MS)
        self.timer.timeout.connect(self._flush)  # runs only while the view is on screen
        self._apply_fonts()

    # -- what is drawn ------------------------------------------------------------------------
    def set_model(self, model, uniform: float | None, floor: float | None, prompt: str = "Once upon a time") -> None:
        """Draw another model (a full redraw); `uniform` and `floor` are the reference losses (or None)."""
        self.model, self.references = model, (uniform, floor)
        self._rows_done, self._samples_shown = 0, []
        for s in self.series.values():
            s.clear()
        self.samples.clear()
        self.samples_title.setText(f"<b>What it writes from “{html.escape(prompt)}”, step by step</b>")
        self._show_references()
        self.refresh()

    def refresh(self) -> None:
        """New rows or points arrived: drawn at the next tick."""
        self._stale = True

    def set_marker(self, step: int | None) -> None:
        self.marker_step = step
        self._place_marker()
        self._scroll_samples()

    def set_log(self, log: bool) -> None:
        self.log_steps = log
        self.loss_plot.setLogMode(x=log, y=False)
        self._stale = True
        self._place_marker()

    def _place_marker(self) -> None:
        step = self.marker_step
        self.marker.setVisible(step is not None and (step > 0 or not self.log_steps))
        if step is not None:
            self.marker.setValue(math.log10(max(step, 1)) if self.log_steps else step)

    def _show_references(self) -> None:
        uniform, floor = self.references
        lines = []
        if uniform is not None:
            vocab = round(math.exp(uniform))
            self.uniform_line.setValue(uniform)
            self.uniform_line.label.setFormat(f"guessing blindly: {uniform:.2f}")
            lines.append(f"<b>{uniform:.2f}</b>, top dashed line: the loss of guessing blindly, the same chance for "
                         f"each of the {vocab:,} tokens (ln {vocab:,}); a model with random numbers starts here.")
        if floor is not None:
            self.floor_line.setValue(floor)
            self.floor_line.label.setFormat(f"the world's floor: {floor:.2f}")
            lines.append(f"<b>{floor:.2f}</b>, bottom dashed line: the tiny world's own unpredictability (an upper "
                         "bound, counted from the dice its generator rolls); no model can beat it, since a roll "
                         "of the dice cannot be guessed.")
        else:
            lines.append("For a text of your own nobody knows the floor: how unpredictable real writing is "
                         "cannot be counted.")
        self.uniform_line.setVisible(uniform is not None)
        self.floor_line.setVisible(floor is not None)
        self.loss_plot.setYRange(0, (uniform or 8.0) * 1.05, padding=0)
        self.legend.setText("<br>".join(lines))

    def _flush(self) -> None:
        if not self._stale or self.model is None or not self.isVisible():
            return
        self._stale = False
        model, s = self.model, self.series
        if self._rows_done == 0 and model.points and model.points[0].step == 0 and model.points[0].val_loss is not None:
            s["val"].append(0, model.points[0].val_loss)  # the random start, measured before any step
        for row in model.curve[self._rows_done:]:
            step = row["step"]
            if row.get("loss") is not None:
                s["loss"].append(step, row["loss"])
            if row.get("val_loss") is not None:
                s["val"].append(step, row["val_loss"])
            if row.get("lr") is not None:
                s["lr"].append(step, row["lr"])
            s["tokens"].append(step, row["tokens_seen"])
            if row.get("tokens_per_s"):
                s["speed"].append(step, row["tokens_per_s"])
        self._rows_done = len(model.curve)
        self.loss_curve.setData(*s["loss"].data(self.log_steps))
        self.val_curve.setData(*s["val"].data(self.log_steps))
        for (plot, curve, _), key in zip(self.small, ("lr", "tokens", "speed")):
            curve.setData(*s[key].data())
        for key, text in self.not_recorded.items():
            text.setVisible(s[key].n == 0)
        self._show_samples()

    def _show_samples(self) -> None:
        """The sentence at every snapshot, and the newest one if it is newer: rebuilt only when that list changes."""
        model = self.model
        entries = [(p.step, p.sample, p.val_loss) for p in model.points if p.sample]
        newest = next((r for r in reversed(model.curve) if r.get("sample")), None)
        if newest is not None and (not entries or newest["step"] > entries[-1][0]):
            entries.append((newest["step"], newest["sample"], newest.get("val_loss") or newest.get("loss")))
        if entries == self._samples_shown:
            return
        self._samples_shown = entries
        paragraphs = []
        for step, sample, loss in entries:
            measured = f" · loss {loss:.2f}" if loss is not None else ""
            paragraphs.append(f"<p><a name='step{step}'></a><b>step {step:,}</b>{measured}<br>"
                              f"{html.escape(' '.join(sample.split()))}</p>")
        self.samples.setHtml("".join(paragraphs))
        self._scroll_samples()

    def _scroll_samples(self) -> None:
        """The sentence of the snapshot on the timeline in view (the newest when the timeline is at the end)."""
        shown = [step for step, _, _ in self._samples_shown]
        marker = self.marker_step
        at = [s for s in shown if marker is not None and s <= marker]
        if at and at[-1] != shown[-1]:
            self.samples.scrollToAnchor(f"step{at[-1]}")
        else:
            bar = self.samples.verticalScrollBar()
            bar.setValue(bar.maximum())  # the newest at the bottom, in view

    # -- fonts ------------------------------------------------------------------------------------
    def _apply_fonts(self) -> None:
        font = scaled_font(self)
        small = scaled_font(self, 0.9)
        self.loss_plot.setTitle("loss: how surprised it is by the next token (nats per token)",
                                size=f"{font.pointSizeF():.0f}pt")
        self.loss_plot.setLabel("bottom", "training step", **{"font-size": f"{small.pointSizeF():.0f}pt"})
        fit_axis(self.loss_plot.getAxis("left"), small, "8.0", label=False)
        self.loss_plot.getAxis("bottom").setStyle(tickFont=small)
        for label in (self.uniform_line.label, self.floor_line.label):
            label.setFont(small)
        for plot, curve, title in self.small:
            plot.setTitle(title, size=f"{small.pointSizeF():.0f}pt")
            fit_axis(plot.getAxis("left"), small, "0.004" if title == "learning rate" else "25k", label=False)
            plot.getAxis("bottom").setStyle(tickFont=small)
        self.small[0][0].getAxis("bottom").setLabel("step")
        self.small[1][0].getAxis("bottom").setLabel("step")
        self.small[2][0].getAxis("bottom").setLabel("step")
        for text in self.not_recorded.values():
            text.setFont(small)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if on_font_change(event):
            self._apply_fonts()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._stale = True
        self.timer.start()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.timer.stop()
