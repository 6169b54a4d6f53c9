"""QtSkills: what was learned when. One small curve per skill across the timeline's snapshots,
each with its plain one-line caption, and sentences saying what the numbers show.

The numbers are the engine's, measured at every timeline point (`explainer.train.skills`,
in each point's metrics); the x axis is the timeline's own positions, as on the slider
above it (0, 10, 30, 100, ... evenly spaced, so the early learning is spread out), and the
orange line is the snapshot shown. Skills a text does not have (facts and names, for a text
of one's own) say so instead of drawing nothing.
"""
from __future__ import annotations

import html

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from ..common import themes
from ..common.qt_timeline import _short
from ..common.zoom import fit_axis, on_font_change, scaled_font
from .skill_story import skill_line, skill_notes

CURVE_COLOR, MARKER_COLOR = QtGui.QColor("#0072b2"), QtGui.QColor("#d55e00")
COLUMNS = 3


class _SkillCell(QtWidgets.QWidget):
    def __init__(self, skill, parent=None) -> None:
        super().__init__(parent)
        self.skill = skill
        self.setAccessibleName(skill.title)
        self.title = QtWidgets.QLabel(self)
        self.title.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.caption = QtWidgets.QLabel(skill.caption, self)
        self.caption.setWordWrap(True)
        self.caption.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred)
        self.plot = pg.PlotWidget(self, background=themes.plot_background())
        self.plot.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.plot.setMinimumHeight(70)
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.setYRange(0, 1.05, padding=0)
        item.showGrid(x=False, y=True, alpha=0.2)
        item.getAxis("left").setTicks([[(0, "0"), (0.5, "0.5"), (1, "1")]])
        self.curve = item.plot(pen=pg.mkPen(CURVE_COLOR, width=2), symbol="o", symbolSize=5,
                               symbolBrush=CURVE_COLOR, symbolPen=None)
        self.marker = pg.InfiniteLine(angle=90, pen=pg.mkPen(MARKER_COLOR, width=1.5))
        item.addItem(self.marker, ignoreBounds=True)
        self.absent = pg.TextItem("not measured for this text", color=themes.color("muted"), anchor=(0.5, 0.5))
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(1)
        layout.addWidget(self.title)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.caption)

    def draw(self, xs: list[int], ys: list[float], steps: list[int], index: int) -> None:
        item = self.plot.getPlotItem()
        self.curve.setData(xs, ys)
        n = max(len(steps), 1)
        item.setXRange(-0.3, n - 0.7, padding=0)
        item.getAxis("bottom").setTicks([[(i, _short(s)) for i, s in enumerate(steps)]])
        self.marker.setValue(index)
        if ys and self.absent.scene() is not None:
            item.removeItem(self.absent)
        elif not ys and steps and self.absent.scene() is None:
            self.absent.setPos((n - 1) / 2, 0.5)
            item.addItem(self.absent)
        shown = next((y for x, y in zip(xs, ys) if x == index), None)
        value = f" · <b>{shown:.2f}</b> here" if shown is not None else ""
        self.title.setText(f"<b>{html.escape(self.skill.title)}</b>{value}")

    def apply_fonts(self, font: QtGui.QFont) -> None:
        item = self.plot.getPlotItem()
        fit_axis(item.getAxis("left"), font, "0.5", label=False)
        item.getAxis("bottom").setStyle(tickFont=font)
        self.absent.setFont(font)


class QtSkills(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        from explainer.train.skills import SKILLS
        self.skills = SKILLS
        self.setAccessibleName("What was learned when")
        self.model, self.index, self.steps = None, 0, []
        self.notes = QtWidgets.QLabel(self)
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.notes.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred)
        self.cells = [_SkillCell(s, self) for s in SKILLS]
        grid = QtWidgets.QGridLayout()
        grid.setSpacing(6)
        for i, cell in enumerate(self.cells):
            grid.addWidget(cell, i // COLUMNS, i % COLUMNS)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.notes)
        layout.addLayout(grid, 1)
        self._apply_fonts()

    def set_model(self, model, steps: list[int], index: int) -> None:
        """The shown model, the timeline's positions (their steps) and the one shown."""
        self.model, self.steps, self.index = model, steps, index
        self.redraw()

    def set_index(self, index: int) -> None:
        self.index = index
        self.redraw()

    def redraw(self) -> None:
        points = self.model.points if self.model is not None else []
        position = {s: i for i, s in enumerate(self.steps)}
        for cell in self.cells:
            pairs = [(position[p.step], float(p.metrics[cell.skill.key])) for p in points
                     if p.metrics.get(cell.skill.key) is not None and p.step in position]
            cell.draw([x for x, _ in pairs], [y for _, y in pairs], self.steps, self.index)
            values = [(p.step, float(p.metrics[cell.skill.key])) for p in points
                      if p.metrics.get(cell.skill.key) is not None]
            cell.setToolTip(f"{cell.skill.caption}\n\n{skill_line(cell.skill.title, values)}")
        notes = skill_notes(points, self.skills)
        if not any(p.metrics.get(s.key) is not None for p in points for s in self.skills):
            notes = ["No skills were measured for this model's snapshots."]
        self.notes.setText("".join(f"<p style='margin:2px 0'>{html.escape(n)}</p>" for n in notes))

    def _apply_fonts(self) -> None:
        small = scaled_font(self, 0.9)
        for cell in self.cells:
            cell.apply_fonts(small)
            cell.caption.setFont(small)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if on_font_change(event):
            self._apply_fonts()
