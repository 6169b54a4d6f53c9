"""QtNextToken: the model's best guesses for the next token, as horizontal bars.

Each bar is exactly what Step draws from: the chance after the temperature and after
the filters (`Candidate.final_prob`). Tokens that top-k or top-p cut are grey, labelled
"cut by top-k" or "cut by top-p", their bar the chance they had before the cut. Whenever
the dials change anything, a dashed outline shows the model's own chance. The axis ends
at 100% at most; a label that would run past the edge goes inside its bar. Clicking a
row (or selecting it with Shift+arrows and pressing Enter) makes the model take that
token. All numbers come from `Exploration.candidates()`.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from ..common import themes
from ..common.qt_subscription import follow
from ..common.text_format import percent
from ..common.zoom import on_font_change, scaled_font

KEPT, SELECTED = QtGui.QColor("#4c78a8"), QtGui.QColor("#f58518")  # a cut bar is the theme's dim grey ("cut")
LABEL_CHARS = 14
WIDEST_TOKEN = "·strawberries"  # the longest token of the bundled codebook: the left axis fits it


class _PercentAxis(pg.AxisItem):
    def tickStrings(self, values, scale, spacing):
        # as many decimals as the spacing needs: ticks half a percent apart read 0.5%, 1%, 1.5%, not 0% 1% 2% 2%
        decimals = 0 if spacing >= 0.00999 else 1 if spacing >= 0.000999 else 2
        return [f"{v:.{decimals}%}" if v <= 1.0001 else "" for v in values]


class QtNextToken(QtWidgets.QWidget):
    """Top candidate bars with live filters, click-to-choose and hover details."""

    K = 10
    messageReported = QtCore.Signal(str)  # a choice the engine refused (the text has ended), for the status line

    def __init__(self, exploration, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._ex = exploration
        self.candidates = []  # what the bars show now, as the engine computed it
        self.selected = 0
        self.selection_shown = False  # the frame shows once Shift+arrows (or the focus) put it there
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Next token chances")
        self.title = QtWidgets.QLabel(self)
        self.title.setObjectName("viewTitle")
        self.title.setWordWrap(True)
        self.legend = QtWidgets.QLabel(self)
        self.legend.setWordWrap(True)
        self.plot = pg.PlotWidget(background=themes.plot_background(), axisItems={"bottom": _PercentAxis("bottom")})
        self.plot.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.plot.setAccessibleName("Bar chart of the next-token chances; click a bar to choose that token")
        self._build_items()
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.legend)
        self._apply_fonts()
        self.refresh()
        follow(self, exploration, self._on_exploration_change)

    def _build_items(self) -> None:
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.getViewBox().setMouseEnabled(x=False, y=False)
        item.getViewBox().invertY(True)  # the favourite on top
        left = item.getAxis("left")
        left.setStyle(tickLength=0)
        item.getAxis("bottom").enableAutoSIPrefix(False)  # "x0.001" under a percent axis would read as nonsense
        rows = np.arange(self.K, dtype=float)
        zeros = np.zeros(self.K)
        self.outline = pg.BarGraphItem(x0=zeros, y=rows, width=zeros, height=0.8, brush=None, pen=self._outline_pen())
        self.bars = pg.BarGraphItem(x0=zeros, y=rows, width=zeros, height=0.7, brushes=[KEPT] * self.K,
                                    pens=[pg.mkPen(None)] * self.K)
        item.addItem(self.bars)
        item.addItem(self.outline)
        self.labels = []
        for _ in range(self.K):
            label = pg.TextItem("", color=themes.color("plot_text"), anchor=(0, 0.5))
            item.addItem(label)
            self.labels.append(label)
        self.plot.scene().sigMouseClicked.connect(self._on_scene_click)
        self.plot.scene().sigMouseMoved.connect(self._on_scene_hover)
        item.getViewBox().sigResized.connect(self._place_labels)

    def _apply_fonts(self) -> None:
        """Fonts from the widget's (zoomed) font, so Ctrl+= grows the axes and labels with the rest."""
        self._font = scaled_font(self, 1.1)
        item = self.plot.getPlotItem()
        left, bottom = item.getAxis("left"), item.getAxis("bottom")
        left.setTickFont(self._font)
        self._axis_px = 0  # the labels' column: as wide as the widest label shown so far (_fit_axis)
        self._fit_axis([WIDEST_TOKEN])
        bottom.setTickFont(self._font)
        item.setLabel("bottom", "chance", **{"font-size": f"{self._font.pointSizeF():.0f}pt"})
        for label in self.labels:
            label.setFont(self._font)
        self._place_labels()

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if on_font_change(event):
            self._apply_fonts()
        elif themes.on_palette_change(event):
            self.outline.setOpts(pen=self._outline_pen())
            self.refresh()  # the cut bars' grey, the labels and the legend follow the theme

    @staticmethod
    def _outline_pen() -> QtGui.QPen:
        # the model's own chance: dashed, in the theme's grey (#555555 on the light theme's white)
        return pg.mkPen(themes.color("muted"), width=1.5, style=QtCore.Qt.PenStyle.DashLine)

    # -- engine -> view ------------------------------------------------------------------
    def _on_exploration_change(self, what: str) -> None:
        # (a hidden tab is not called until it is shown again: see qt_subscription.follow)
        if what in ("prompt", "tokens", "model"):
            self.selected, self.selection_shown = 0, False  # new bars: an old pick means nothing
        self.refresh()

    @property
    def filtered(self) -> bool:
        """Whether the dials change what Step draws from (then the outline shows the model's own chance)."""
        s = self._ex.settings
        return abs(s.temperature - 1.0) > 1e-6 or bool(s.top_k) or s.top_p < 1.0

    def bar_value(self, c) -> float:
        """How long a candidate's bar is: what Step draws from, or for a cut token the chance it had."""
        return c.final_prob if c.kept else c.shown_prob

    def refresh(self) -> None:
        self.candidates = self._ex.candidates(self.K)
        n = len(self.candidates)
        self.selected = min(self.selected, max(n - 1, 0))
        pad = [0.0] * (self.K - n)
        widths = np.array([self.bar_value(c) for c in self.candidates] + pad)
        model = np.array([c.model_prob for c in self.candidates] + pad)
        cut = themes.color("cut")
        brushes = [(KEPT if c.kept else cut) for c in self.candidates] + [cut] * (self.K - n)
        self.bars.setOpts(width=widths, brushes=brushes, pens=self._pens())
        self.outline.setVisible(self.filtered)
        if self.filtered:
            self.outline.setOpts(width=model)
        ends = np.maximum(widths, model) if self.filtered else widths
        self._ends = ends
        self._right = min(1.0, max(float(ends.max(initial=0.0)) * 1.3, 0.05))  # room for labels, never past 100%
        self.plot.setXRange(0, self._right, padding=0)
        for i, label in enumerate(self.labels):
            if i < n:
                c = self.candidates[i]
                label.setText(percent(c.final_prob) if c.kept else f"cut by {c.cut_by}")
            label.setVisible(i < n)
        ticks = [(i, self._short(c.text)) for i, c in enumerate(self.candidates)]
        self._fit_axis([t for _, t in ticks])
        self.plot.getPlotItem().getAxis("left").setTicks([ticks, []])
        self.plot.setYRange(-0.6, self.K - 0.4, padding=0)
        self._place_labels()
        self._update_texts()

    def _place_labels(self, *_args) -> None:
        """Each label just after its bar, or inside the bar's end (white) where it would leave the plot."""
        if not self.candidates:
            return
        view = self.plot.getPlotItem().getViewBox()
        per_px = view.viewPixelSize()[0] or self._right / 600
        metrics = QtGui.QFontMetrics(self._font)
        for i, (label, c) in enumerate(zip(self.labels, self.candidates)):
            end = float(self._ends[i])
            room = (metrics.horizontalAdvance(label.toPlainText()) + 10) * per_px
            inside = end + room > self._right and self.bar_value(c) > room
            label.setAnchor((1, 0.5) if inside else (0, 0.5))
            label.setColor("#ffffff" if inside and c.kept else themes.color("plot_text"))
            label.setPos(self.bar_value(c) - 3 * per_px if inside else end + 4 * per_px, i)

    def _update_texts(self) -> None:
        ex, s = self._ex, self._ex.settings
        last = ex.tokenizer.display(ex.tokens[-1]) if ex.tokens else ""
        if ex.ended:
            self.title.setText(f"<b>Ended.</b> {ex.end_message} Step writes nothing more.")
        else:
            self.title.setText(f"<b>What comes next?</b> The model's {len(self.candidates)} best guesses after "
                               f"“{last}”")
        filters = []
        if s.top_k:
            filters.append(f"top-k keeps only the {s.top_k} most likely")
        if s.top_p < 1:
            filters.append(f"top-p keeps the most likely until they add up to {s.top_p:.0%}")
        drawn = "chance after temperature " + f"{s.temperature:g}" + (" and the filters" if filters else "")
        parts = [f"<span style='color:{KEPT.name()}'>■</span> <b>what Step draws from</b> ({drawn})"]
        if filters:
            parts.append(f"<span style='color:{themes.css('cut')}'>■</span> cut ({'; '.join(filters)}): Step cannot "
                         "draw it; its bar is the chance it had before the cut")
        if self.filtered:
            parts.append("┆ dashed outline: the model's own chance")
        self.legend.setText(" &nbsp; ".join(parts) + ". Click a bar to choose that token.")
        self.setAccessibleDescription("; ".join(f"{c.text} {percent(c.final_prob)}" for c in self.candidates))

    def _pens(self) -> list[QtGui.QPen]:
        # The keyboard selection is framed once Shift+arrows moved it or while the chart has the focus.
        show = self.selection_shown or self.hasFocus()
        return [pg.mkPen(SELECTED, width=3) if i == self.selected and show else pg.mkPen(None)
                for i in range(self.K)]

    def _draw_selection(self) -> None:
        self.bars.setOpts(pens=self._pens())

    def _fit_axis(self, labels: list[str]) -> None:
        """Widen the labels' column for a label wider than any before (GPT-2's "InferenceEndp…"): pyqtgraph
        leaves out a tick label that does not fit, and a bar without its name reads as an empty token. It
        never narrows, so the bars do not jump from step to step."""
        px = max(QtGui.QFontMetrics(self._font).horizontalAdvance(t) for t in labels) + 14
        if px > self._axis_px:
            self._axis_px = px
            self.plot.getPlotItem().getAxis("left").setWidth(px)

    @staticmethod
    def _short(text: str) -> str:
        return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"

    # -- view -> engine ---------------------------------------------------------------------
    def move_selection(self, dx: int, dy: int) -> None:
        """Shift+arrows: ← ↑ the likelier bar, → ↓ the less likely."""
        if self.candidates:
            self.selected = min(max(self.selected + dx + dy, 0), len(self.candidates) - 1)
            self.selection_shown = True
            self._draw_selection()

    def activate_selection(self) -> None:
        """Enter: take the selected bar."""
        self.choose(self.selected)

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
        scene = self.plot.getPlotItem().getViewBox().mapViewToScene(QtCore.QPointF(self.bar_value(c) / 2, row))
        return self.plot.mapFromScene(scene)

    def choose(self, row: int) -> None:
        from explainer.explore import PromptError

        if 0 <= row < len(self.candidates):
            try:
                self._ex.choose(self.candidates[row].token)
            except PromptError as exc:  # the text has ended: say so instead of adding to it
                self.messageReported.emit(str(exc))

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
                     else f"cut by {c.cut_by}: after the filters 0%, Step cannot draw it")
        return "\n".join(lines + ["click to choose it"])

    def focusInEvent(self, event: QtGui.QFocusEvent) -> None:
        super().focusInEvent(event)
        self._draw_selection()

    def focusOutEvent(self, event: QtGui.QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._draw_selection()
