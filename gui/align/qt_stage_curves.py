"""QtStageCurves: what an alignment step is learning, as small plots with a plain caption each.

It draws one model of the shelf: its curve rows (`ShelfModel.curve`, one per snapshot: step
and the stage's metrics) for the metric keys it is given (`stages.Step.curves`). The plot
items are made once (four plots, the most a step has) and updated in place from growing
buffers, at most 20 times a second: `refresh` only marks them stale and a timer of the GUI
thread draws while the view is on screen (pyqtgraph's own advice for live data).
"""
from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from ..common import themes
from ..train.qt_train_curves import Series

COLORS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7")  # colour-blind safe (Okabe-Ito)
REPAINT_MS = 50  # at most 20 repaints a second, however fast the snapshots come
MAX_PLOTS = 4


class QtStageCurves(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("What the step is learning, as curves")
        self.model = None
        self.keys: tuple[tuple[str, str, str], ...] = ()
        self._rows_done = 0
        self._stale = False
        self.series = [Series(256) for _ in range(MAX_PLOTS)]
        self.cells, self.titles, self.plots, self.curves, self.markers = [], [], [], [], []
        for i in range(MAX_PLOTS):  # a plot and its caption in a cell; the grid is laid out per step
            cell = QtWidgets.QWidget(self)
            title = QtWidgets.QLabel(cell)
            title.setWordWrap(True)  # a caption that wraps is never clipped, unlike a plot title
            title.setTextFormat(QtCore.Qt.TextFormat.RichText)
            widget = pg.PlotWidget(cell, background=themes.plot_background())
            widget.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
            plot = widget.getPlotItem()
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.setMouseEnabled(x=False, y=False)
            plot.showGrid(x=False, y=True, alpha=0.2)
            plot.getAxis("left").enableAutoSIPrefix(False)
            curve = plot.plot(pen=pg.mkPen(COLORS[i], width=2), symbol="o", symbolSize=4,
                              symbolBrush=COLORS[i], symbolPen=None)
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)
            marker = pg.InfiniteLine(angle=90, pen=pg.mkPen(themes.color("muted"), width=1,
                                                            style=QtCore.Qt.PenStyle.DashLine))
            marker.hide()
            plot.addItem(marker, ignoreBounds=True)
            column = QtWidgets.QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(0)
            column.addWidget(title)
            column.addWidget(widget, 1)
            self.cells.append(cell)
            self.titles.append(title)
            self.plots.append(plot)
            self.curves.append(curve)
            self.markers.append(marker)
        self.grid = QtWidgets.QGridLayout()
        self.grid.setSpacing(6)
        self.empty = QtWidgets.QLabel("", self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid, 1)
        layout.addWidget(self.empty)
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(REPAINT_MS)
        self.timer.timeout.connect(self._flush)

    # -- what is drawn -----------------------------------------------------------------------------
    def set_model(self, model, keys, empty_text: str = "") -> None:
        """Draw `model`'s curve rows for `keys` ((metric, title, caption), at most four); None: nothing."""
        self.model, self.keys = model, tuple(keys)[:MAX_PLOTS]
        self._rows_done = 0
        for s in self.series:
            s.clear()
        for i, plot in enumerate(self.plots):
            plot.enableAutoRange()  # the last model's scale must not outlive its data
            if i < len(self.keys) and self.keys[i][0].startswith("rater/"):
                # a share of the rater's points: 0 to 1 always, so a wobble of 0.005 does not look like a fall
                plot.setYRange(0.0, 1.0, padding=0.02)
        columns = 2 if len(self.keys) > 2 else 1  # two plots stack; four make a square
        for i, cell in enumerate(self.cells):
            self.grid.removeWidget(cell)
            if i < len(self.keys):
                _, title, caption = self.keys[i]
                muted = themes.css("muted")
                self.titles[i].setText(f"<b>{title}</b>: <span style='color:{muted}'>{caption}</span>")
                self.grid.addWidget(cell, i // columns, i % columns)
        drawn = model is not None and bool(model.curve or model.live)  # empty axes would only puzzle
        for i, cell in enumerate(self.cells):
            cell.setVisible(drawn and i < len(self.keys))
        self.empty.setText(empty_text)
        self.empty.setVisible(bool(empty_text) and not drawn)
        self.refresh()

    def refresh(self) -> None:
        """New rows may be there: draw them at the next tick (now, if the view is hidden: it catches up on show)."""
        self._stale = True
        if not self.timer.isActive() and self.isVisible():
            self.timer.start()

    def set_marker(self, step: int | None) -> None:
        """A dashed line at the timeline's position (None: the newest, no line)."""
        for marker in self.markers:
            marker.setVisible(step is not None)
            if step is not None:
                marker.setValue(step)

    def values(self, key: str) -> tuple[list[float], list[float]]:
        """(steps, values) drawn for a metric (tests read what is on screen through this)."""
        i = [k for k, _, _ in self.keys].index(key)
        x, y = self.series[i].data()
        return list(x), list(y)

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.timer.start()

    def hideEvent(self, event: QtGui.QHideEvent) -> None:
        super().hideEvent(event)
        self.timer.stop()

    def _flush(self) -> None:
        if not self._stale:
            self.timer.stop()
            return
        self._stale = False
        self.draw_now()

    def draw_now(self) -> None:
        rows = self.model.curve if self.model is not None else []
        if len(rows) < self._rows_done:  # another curve behind the same model: start again
            self._rows_done = 0
            for s in self.series:
                s.clear()
        for row in rows[self._rows_done:]:
            for i, (key, _, _) in enumerate(self.keys):
                value = row.get(key)
                if value is not None and math.isfinite(value):
                    self.series[i].append(row["step"], value)
        self._rows_done = len(rows)
        for i in range(len(self.keys)):
            self.curves[i].setData(*self.series[i].data())
