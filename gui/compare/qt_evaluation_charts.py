"""The evaluation's two charts: each model's pass rates with their 95% intervals, and each aligned
model's paired difference from the SFT model on the same requests and dice.

Why the second: two models judged on the same requests share their hard and easy requests, so
each one's own interval is wide and they overlap even when one is better on request after request.
The paired difference (model minus SFT, request by request, resampled by request) removes what
they share; an interval that lies above zero says the model is better than SFT on these requests.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtGui

from ..common import themes
from .texts import CRITERION_TITLES, role

PAIRED_COLUMNS = ("all", "helpful", "harmless", "honest", "interesting", "well_formed")


class PercentAxis(pg.AxisItem):
    def __init__(self, *args, signed: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.signed = signed

    def tickStrings(self, values, scale, spacing):
        return [f"{v * 100:+.0f}" if self.signed else f"{v:.0%}" for v in values]


def chart(accessible: str, signed: bool = False) -> pg.PlotWidget:
    plot = pg.PlotWidget(background=themes.plot_background(), axisItems={"left": PercentAxis("left", signed=signed)})
    plot.setAccessibleName(accessible)
    item = plot.getPlotItem()
    item.setMenuEnabled(False)
    item.hideButtons()
    item.getViewBox().setMouseEnabled(x=False, y=False)
    return plot


def _bars(item, names: list[str], columns: list[str], value) -> None:
    """Grouped bars, one colour per model, a black line for each 95% interval; `value(name, column)` is
    (centre, low, high) or None."""
    width = 0.8 / max(1, len(names))
    for i, name in enumerate(names):
        xs, ys, lows, highs = [], [], [], []
        for k, column in enumerate(columns):
            v = value(name, column)
            if v is None:
                continue
            xs.append(k - 0.4 + width * (i + 0.5))
            ys.append(v[0])
            lows.append(v[0] - v[1])
            highs.append(v[2] - v[0])
        if not xs:
            continue
        colour = QtGui.QColor(role(name, names.index(name)).colour)
        item.addItem(pg.BarGraphItem(x=np.array(xs), height=np.array(ys), width=width * 0.9, brush=colour,
                                     pen=pg.mkPen("#444444", width=1)))
        item.addItem(pg.ErrorBarItem(x=np.array(xs), y=np.array(ys), top=np.array(highs), bottom=np.array(lows),
                                     beam=width * 0.3, pen=pg.mkPen(themes.color("plot_text"), width=1.5)))


def draw_rates(plot: pg.PlotWidget, report: dict, names: list[str], columns: list[str], titles: dict, entry) -> None:
    item = plot.getPlotItem()
    item.clear()

    def value(name, column):
        e = entry(report["models"][name], column)
        return None if e is None else (e["rate"], *e["ci95"])
    _bars(item, names, columns, value)
    item.getAxis("bottom").setTicks([[(k, titles[c]) for k, c in enumerate(columns)], []])
    item.setXRange(-0.5, len(columns) - 0.2, padding=0)  # room for the last group's label
    item.setYRange(0, 1.05, padding=0)


def paired_names(report: dict) -> list[str]:
    return [n for n, m in report["models"].items() if "paired_vs_sft" in m]


def draw_paired(plot: pg.PlotWidget, report: dict) -> bool:
    """The paired differences from SFT, in percentage points, around a zero line; False if the report has
    none (an older report, or no SFT model in it)."""
    item = plot.getPlotItem()
    item.clear()
    # the aligned models only: the base model's -34 points would squeeze their few points to slivers
    names = [n for n in paired_names(report) if n != "base"]
    if not names:
        return False

    def value(name, column):
        p = report["models"][name]["paired_vs_sft"].get(column)
        return None if p is None else (p["diff"], *p["ci95"])
    _bars(item, names, list(PAIRED_COLUMNS), value)
    item.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen(themes.color("plot_text"), width=1)))
    item.getAxis("bottom").setTicks([[(k, CRITERION_TITLES[c]) for k, c in enumerate(PAIRED_COLUMNS)], []])
    item.setXRange(-0.5, len(PAIRED_COLUMNS) - 0.2, padding=0)
    spans = [abs(v) for n in names for p in report["models"][n]["paired_vs_sft"].values() for v in p["ci95"]]
    top = max(0.05, max(spans, default=0.05) * 1.15)
    item.setYRange(-top, top, padding=0)
    return True


def paired_sentence(report: dict) -> str:
    """One line: what a paired interval is, and what it says of each aligned model on "all five"."""
    parts = []
    for name in paired_names(report):
        p = report["models"][name]["paired_vs_sft"]["all"]
        low, high = (v * 100 for v in p["ci95"])
        verdict = "better than SFT" if low > 0 else "worse than SFT" if high < 0 else "not told apart from SFT"
        parts.append(f"{role(name).title} {p['diff'] * 100:+.0f} points [{low:+.0f}, {high:+.0f}]: {verdict}")
    return ("<b>Paired with SFT</b> (lower chart, the aligned models): each model's answers minus SFT's to the same requests with the "
            "same dice; an interval above zero means better on these requests even when the rates' own intervals "
            "overlap. All five rules: " + "; ".join(parts) + ".") if parts else ""
