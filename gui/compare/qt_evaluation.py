"""QtEvaluation: the `explainer eval` report as a table and a chart, with what it does and does not mean. The
chart of pass rates and the chart of paired differences from SFT are drawn by qt_evaluation_charts.py.

Rows are models; columns the rater's five rules, all five together, and wins against the SFT
model; every cell is a rate with its 95% bootstrap interval, exactly as the report holds it
(`explainer.align.evaluate.evaluate`, or the precomputed `assets/models/eval.json`). The chart
draws the same numbers as grouped bars with the intervals as error bars, one colour per model
(Paul Tol's light scheme) named in its legend. The caption under them says what the numbers
mean and what they do not: a program judged them, in a small world, of a small model.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from explainer.align.rules import CRITERIA

from ..common.zoom import fit_axis, on_font_change, scaled_font
from . import qt_evaluation_charts as charts
from .background import QtLatestJob
from .jobs import Cancelled, EvaluationJob
from .texts import CRITERION_TITLES, EVAL_CAPTION, role

COLUMNS = CRITERIA + ("all", "win", "over_refusal", "made_up")
TITLES = {**CRITERION_TITLES, "win": "wins vs SFT", "over_refusal": "refuses a harmless request",
          "made_up": "makes a fact up"}
RATE_COLUMNS = CRITERIA + ("all", "win")  # the upper chart: pass rates (the two failures are in the table)
PROGRESS_MS = 250
SUBSETS = ((40, "40 requests (about 30 s)"), (80, "80 requests (about a minute)"), (None, "all 320 (a few minutes)"))


def cell(entry: dict | None) -> str:
    """'52%' over '47–57': a rate and its 95% interval, in whole percents, on two lines (narrow columns)."""
    if entry is None:
        return "–"
    low, high = entry["ci95"]
    return f"{entry['rate']:.0%}\n{low * 100:.0f}–{high * 100:.0f}"


def entry_for(model: dict, column: str) -> dict | None:
    if column in ("over_refusal", "made_up"):
        return model.get(column)
    return model.get("win_rate_vs_sft") if column == "win" else model["criteria"].get(column)


class QtEvaluation(QtWidgets.QWidget):
    reportShown = QtCore.Signal(object)  # a report computed here, now on screen

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: dict | None = None
        self.job: EvaluationJob | None = None  # the evaluation being computed, if any
        self.runner = QtLatestJob(self)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self._timer = QtCore.QTimer(self)
        self._timer.setInterval(PROGRESS_MS)
        self._timer.timeout.connect(self._on_progress)
        self.source = QtWidgets.QLabel(self)
        self.source.setWordWrap(True)
        self.source.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.subset = QtWidgets.QComboBox(self)
        for n, text in SUBSETS:
            self.subset.addItem(text, n)
        self.subset.setAccessibleName("How many held-out requests to judge")
        self.compute = QtWidgets.QToolButton(self)
        self.compute.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.progress = QtWidgets.QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.table = QtWidgets.QTableWidget(self)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        self.table.setAccessibleName("Pass rates per rule with 95% intervals, and wins against SFT")
        self.table.horizontalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.chart = charts.chart("Chart of the same rates: one bar per model, the line is the 95% interval")
        self.paired = charts.chart("Chart of each aligned model's paired difference from SFT, in percentage points",
                                   signed=True)
        for plot in (self.chart, self.paired):
            plot.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.paired_note = QtWidgets.QLabel(self)
        self.paired_note.setWordWrap(True)
        self.paired_note.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.legend = QtWidgets.QLabel(self)
        self.legend.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.caption = QtWidgets.QLabel(EVAL_CAPTION, self)
        self.caption.setWordWrap(True)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.source, 1)
        row.addWidget(self.subset)
        row.addWidget(self.compute)
        row.addWidget(self.progress)
        middle = QtWidgets.QHBoxLayout()
        chart = QtWidgets.QVBoxLayout()
        chart.addWidget(self.legend)
        chart.addWidget(self.chart, 3)
        chart.addWidget(self.paired, 2)
        middle.addWidget(self.table, 5)  # two lines a cell, four models: the table needs the width
        middle.addLayout(chart, 4)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(row)
        layout.addLayout(middle, 1)
        layout.addWidget(self.paired_note)
        layout.addWidget(self.caption)
        self.show_missing()

    def subset_size(self) -> int | None:
        return self.subset.currentData()

    # -- where the report comes from ------------------------------------------------------------
    def load(self, path) -> str:
        """Show the report in `path` if there is one; "" or what went wrong, in words."""
        if path is None or not Path(path).is_file():
            return ""
        try:
            self.show_report(json.loads(Path(path).read_text(encoding="utf-8")), f"Precomputed ({Path(path).name})")
            return ""
        except (OSError, ValueError, KeyError, TypeError) as exc:
            self.show_missing()
            return f"The evaluation file {path} could not be read ({exc}); compute one with Ctrl+E."

    def start(self, models: dict, tokenizer, requests: list) -> None:
        """Judge copies of `models` on the first `subset_size()` requests, on the worker thread."""
        requests = requests[:self.subset_size() or len(requests)]
        self.job = EvaluationJob(models, tokenizer, requests)
        self.set_busy(True, f"<b>Judging</b> {len(models)} models on the first {len(requests)} held-out requests, "
                            "in the background (Ctrl+E stops)…")
        self.runner.submit(self.job.run)
        self._timer.start()

    def stop(self) -> None:
        """The job ends at its next forward pass; whatever it would have reported is dropped."""
        if self.job is not None:
            self.job.cancel()
            self.job = None
            self.source.setText("<b>Stopped.</b> Press Ctrl+E to compute the evaluation again.")
        self.runner.drop()
        self._timer.stop()
        self.set_busy(False)

    def _on_progress(self) -> None:
        if self.job is not None:
            self.set_progress(self.job.progress(), f"%p% · {self.job.elapsed():.0f} s")

    def _on_finished(self, number: int, report: dict) -> None:
        self.job = None
        self._timer.stop()
        self.set_busy(False)
        self.show_report(report, "Computed here just now")
        self.reportShown.emit(report)

    def _on_failed(self, number: int, why: str) -> None:
        self.job = None
        self._timer.stop()
        self.set_busy(False)
        if not why.startswith(Cancelled.__name__):
            self.source.setText(f"<b>The evaluation failed</b>: {why}")

    # -- content ------------------------------------------------------------------------------
    def show_missing(self) -> None:
        self.source.setText("<b>No evaluation yet.</b> No precomputed report was found (it will be shipped as "
                            "<code>assets/models/eval.json</code>). Compute one here (Ctrl+E): the rater judges "
                            "every model's answers in the background; the page stays usable meanwhile.")
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.chart.getPlotItem().clear()
        self.paired.getPlotItem().clear()
        self.paired_note.setText("")

    def set_busy(self, busy: bool, what: str = "") -> None:
        self.progress.setVisible(busy)
        self.subset.setEnabled(not busy)
        if busy:
            self.progress.setValue(0)
            self.source.setText(what)

    def set_progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(round(fraction * 100)))
        self.progress.setFormat(text)

    def show_report(self, report: dict, source: str) -> None:
        self.report = report
        models = report["models"]
        n, samples = report.get("prompts", "?"), report.get("samples", "?")
        self.source.setText(f"<b>{html.escape(source)}</b>: {n} held-out requests, {samples} sampled answers and "
                            "one greedy answer each, every answer judged by the rater (a program).")
        names = list(models)
        columns = [c for c in COLUMNS if any(entry_for(models[m], c) is not None for m in names)]
        self.columns = columns
        self.table.clear()  # one row per measure, one column per model: the cells stay readable at 1280 px
        self.table.setRowCount(len(columns))
        self.table.setColumnCount(len(names))
        self.table.setVerticalHeaderLabels([TITLES[c] for c in columns])
        self.table.setHorizontalHeaderLabels([role(m, i).title for i, m in enumerate(names)])
        for k, name in enumerate(names):
            for r, column in enumerate(columns):
                item = QtWidgets.QTableWidgetItem(cell(entry_for(models[name], column)))
                item.setTextAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, k, item)
        self.table.resizeRowsToContents()
        self.legend.setText(" &nbsp; ".join(
            f"<span style='background:{role(m, i).colour}; border:1px solid #444'>&nbsp;&nbsp;&nbsp;&nbsp;</span>"
            f"&nbsp;{html.escape(role(m, i).title)}" for i, m in enumerate(names))
            + " &nbsp; │ black line: 95% interval")
        self._draw_chart(names, columns)

    def cell_text(self, model: str, column: str) -> str:
        k = list(self.report["models"]).index(model)
        return self.table.item(self.columns.index(column), k).text()

    def _draw_chart(self, names: list[str], columns: list[str]) -> None:
        charts.draw_rates(self.chart, self.report, names, [c for c in columns if c in RATE_COLUMNS], TITLES, entry_for)
        self.paired.setVisible(charts.draw_paired(self.paired, self.report))
        self.paired_note.setText(charts.paired_sentence(self.report))
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        small = scaled_font(self, 0.85)
        for plot in (self.chart, self.paired):
            item = plot.getPlotItem()
            item.getAxis("bottom").setStyle(tickFont=small)
            item.getAxis("bottom").setHeight(QtGui.QFontMetrics(small).height() + 14)
            fit_axis(item.getAxis("left"), small, sample="100%", label=False)
        self.table.resizeRowsToContents()  # two lines per cell in the zoomed font

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if on_font_change(event):
            self._apply_fonts()
