"""QtAttentionHead: one attention head, large, with the tokens written along both axes.

Rows are the tokens doing the reading (queries), columns the tokens being read (keys); the
cell (row, column) is how much of the row token's attention goes to the column token, so
each row adds up to 1. The future (right of the diagonal) is covered by the causal mask.
Pointing at a cell prints its exact weight; clicking a row (or Shift+arrows) selects
that token, and the lines view beside the heatmap (QtAttentionLines) follows.
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QGraphicsRectItem, QLabel, QSplitter, QToolTip, QVBoxLayout, QWidget

from explainer.explore import Exploration

from ..common.colors import ACCENT_COLOR, weight_colormap
from ..common.qt_subscription import follow
from ..common.text_format import isolate
from ..common.zoom import fit_axis, on_font_change, scaled_font
from .followed_position import FollowedPosition
from .qt_attention_grid import TRACE_CHANGES, FutureMask, as_image, hover_text
from .qt_attention_lines import QtAttentionLines, short_label

HOVER_HINT = "Point at a square to read its exact weight; click a row (or Shift+arrows) to follow a token."
AXIS_LABELS = (("top", "being read (key)"), ("left", "reading (query)"))


class QtAttentionHead(QWidget):
    """The heatmap of one head beside its lines view; `set_head(layer, head)` chooses which."""

    querySelected = Signal(int)  # window position of the token whose row is highlighted
    EXPLANATION = (
        "One attention head, large. Each row is a token doing the reading; the bright squares in its row "
        "show which tokens it pays attention to: earlier ones, and itself (the diagonal). Each row shares "
        "out exactly 100%. The grey hatched half is the future: a token can only look back. Point at a "
        "square for its exact weight; click a row, or use Shift+arrows, to follow that token in the lines "
        "on the right."
    )

    def __init__(self, exploration: Exploration, layer: int = 0, head: int = 0, parent=None) -> None:
        super().__init__(parent)
        self._exploration = exploration
        self._layer, self._head = layer, head
        self._selection = FollowedPosition()
        self._n = 0
        self._displays: list[str] = []
        self._pattern = np.zeros((0, 0), np.float32)

        self._title = QLabel()
        self._title.setWordWrap(True)  # a long token name must not widen the window
        self._plot = pg.PlotWidget(background=self.palette().color(self.backgroundRole()))
        self._plot.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._plot.setAccessibleName("Heat map of the head: a row per token reading, a column per token read")
        item = self._plot.getPlotItem()
        item.invertY(True)
        # no locked aspect: square cells would leave the token labels stranded beside a narrow image
        item.setMouseEnabled(False, False)
        item.setMenuEnabled(False)
        item.hideButtons()
        item.showAxis("top"), item.hideAxis("bottom")
        foreground = self.palette().color(self.foregroundRole())
        for name, _label in AXIS_LABELS:
            axis = item.getAxis(name)
            # the first and last labels stick out past the image's edge: draw them anyway
            axis.setStyle(tickLength=0, hideOverlappingLabels=False)
            axis.setTextPen(foreground), axis.setPen(foreground)
        self._image = pg.ImageItem(axisOrder="row-major")
        self._mask = FutureMask()
        self._row = QGraphicsRectItem()
        self._row.setPen(pg.mkPen(ACCENT_COLOR, width=3))
        for z, it in enumerate((self._image, self._mask, self._row)):
            it.setZValue(z)
            item.addItem(it)
        self._bar = pg.ColorBarItem(values=(0, 1), colorMap=weight_colormap(), interactive=False,
                                    colorMapMenu=False, width=16)
        self._bar.setImageItem(self._image, insert_in=item)
        self._bar.axis.setTextPen(foreground)
        self._readout = QLabel(HOVER_HINT)
        self._readout.setWordWrap(True)  # a long hint must not widen the window
        self._readout.setAccessibleName("Exact weight under the pointer")
        self._lines = QtAttentionLines(exploration, layer, head)

        heat = QWidget()
        column = QVBoxLayout(heat)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._title), column.addWidget(self._plot, 1), column.addWidget(self._readout)
        splitter = self._splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(heat), splitter.addWidget(self._lines)
        splitter.setStretchFactor(0, 3), splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self._split_by_hand = False  # once a person drags the divider, it stays where they put it
        splitter.splitterMoved.connect(lambda *_: setattr(self, "_split_by_hand", True))
        self._lines_width = 0
        self._lines.widthWanted.connect(self._on_lines_width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.setAccessibleName("One attention head, large")
        self.setAccessibleDescription(self.EXPLANATION)
        self._apply_fonts()
        self._plot.scene().sigMouseMoved.connect(self._on_mouse_move)
        self._plot.scene().sigMouseClicked.connect(self._on_scene_click)
        item.getViewBox().sigResized.connect(self._update_ticks)
        # the two halves share one selected query; set_query only emits on a change, so no echo loop
        self._lines.querySelected.connect(self.set_query)
        self.querySelected.connect(self._lines.set_query)
        self._on_exploration_change("model")
        # unsubscribes when closed or destroyed (a view inside a window gets no close event)
        follow(self, exploration, self._on_exploration_change)

    # -- public --------------------------------------------------------------------
    def head(self) -> tuple[int, int]:
        return self._layer, self._head

    def query(self) -> int:
        return self._query

    def lines_view(self) -> QtAttentionLines:
        return self._lines

    def image_item(self) -> pg.ImageItem:
        return self._image

    def current_pattern(self) -> np.ndarray:
        """The (query, key) weights shown, as handed to the image."""
        return self._pattern

    def readout(self) -> str:
        return self._readout.text()

    def set_head(self, layer: int, head: int) -> None:
        self._layer, self._head = layer, head
        self._lines.set_head(layer, head)
        self._refresh()

    @property
    def _query(self) -> int:
        return self._selection.value

    def set_query(self, query: int) -> None:
        """Highlight the row of one token; emits `querySelected` when the choice changes."""
        # not a cached size: the lines view may call first after a change
        if not self._selection.pick(query, len(self._exploration.window)):
            return
        query = self._query
        self._row.setRect(QRectF(0, query, query + 1, 1))  # only the visible (past) part of the row
        self._update_title()
        self.querySelected.emit(query)

    def hover_text(self, query: int, key: int) -> str:
        return hover_text(self._displays, self._pattern, query, key)

    def move_selection(self, dx: int, dy: int) -> None:
        """Shift+arrows: ← ↑ the earlier token, → ↓ the later one."""
        self.set_query(self._query + dx + dy)

    # -- updating --------------------------------------------------------------------
    def _apply_fonts(self) -> None:
        font = scaled_font(self)
        self._title.setFont(scaled_font(self, 1.3, bold=True))
        item = self._plot.getPlotItem()
        foreground = self.palette().color(self.foregroundRole()).name()
        for name, label in AXIS_LABELS:
            item.getAxis(name).setStyle(tickFont=font)
            item.getAxis(name).setLabel(label, color=foreground, **{"font-size": f"{font.pointSizeF():.1f}pt"})
        fit_axis(self._bar.axis, font)
        self._bar.axis.setLabel("attention weight", color=foreground, **{"font-size": f"{font.pointSizeF():.1f}pt"})
        self._update_ticks()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if on_font_change(event):
            self._apply_fonts()

    def _on_exploration_change(self, what: str) -> None:
        if what == "prompt":
            self._selection.reset()  # a token of the old text means nothing in the new one
        if what in TRACE_CHANGES:
            self._refresh()

    def _refresh(self) -> None:
        config = self._exploration.model.config
        self._layer = min(self._layer, config.n_layer - 1)
        self._head = min(self._head, config.n_head - 1)
        self._pattern = as_image(self._exploration.attention(self._layer, self._head))
        self._displays = self._exploration.displays()
        self._image.setImage(self._pattern, autoLevels=False, levels=(0, 1))
        n = self._pattern.shape[0]
        if n != self._n:
            self._n = n
            self._mask.set_size(n)
            self._plot.getPlotItem().setRange(xRange=(0, n), yRange=(0, n), padding=0)
        self._update_ticks()
        target = self._selection.after_change(n)
        self._selection.value = -1  # redraw the row and title even where the position stays
        self.set_query(target)

    def _update_title(self) -> None:
        title = f"Layer {self._layer + 1}, head {self._head + 1}"
        if 0 <= self._query < len(self._displays):  # the label may be thinned out of the axis: name it here
            title += f": what ‘{isolate(self._displays[self._query])}’ (token {self._query + 1}) reads"
            title += self._selection.note(len(self._displays))
        self._title.setText(title)

    def _update_ticks(self) -> None:
        """Token labels on both axes, thinned so that they never overlap at the current size."""
        n = len(self._displays)
        if not n:
            return
        item = self._plot.getPlotItem()
        px_x, px_y = (p or 1.0 for p in item.getViewBox().viewPixelSize())  # tokens per screen pixel, each axis
        fm = QFontMetrics(scaled_font(self))
        labels = [short_label(d) for d in self._displays]
        wide = max(fm.horizontalAdvance(s) for s in labels) + fm.horizontalAdvance("  ")
        every_x = max(1, math.ceil(wide * px_x))
        every_y = max(1, math.ceil((fm.height() + 2) * px_y))  # the image is not square: rows have their own scale
        for name, every in (("top", every_x), ("left", every_y)):
            shown = [i for i in range(n) if i % every == 0 or (i == n - 1 and (n - 1) % every > every / 2)]
            item.getAxis(name).setTicks([[(i + 0.5, labels[i]) for i in shown], []])

    # -- mouse ------------------------------------------------------------------------
    def _cell_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        view = self._plot.getPlotItem().getViewBox()
        if not view.sceneBoundingRect().contains(scene_pos):
            return None
        point = view.mapSceneToView(scene_pos)
        q, k = math.floor(point.y()), math.floor(point.x())
        return (q, k) if 0 <= q < self._n and 0 <= k < self._n else None

    def _on_mouse_move(self, scene_pos: QPointF) -> None:
        cell = self._cell_at(scene_pos)
        if cell is None:
            self._readout.setText(HOVER_HINT)
            QToolTip.hideText()
            return
        text = self.hover_text(*cell)
        self._readout.setText(text)
        QToolTip.showText(self._plot.mapToGlobal(self._plot.mapFromScene(scene_pos)), text, self._plot)

    def _on_scene_click(self, event) -> None:
        cell = self._cell_at(event.scenePos())
        if cell is not None and event.button() == Qt.MouseButton.LeftButton:
            self.set_query(cell[0])

    def _on_lines_width(self, width: int) -> None:
        # Re-split only when the lines no longer fit or have far too much room: a split resizes the
        # heatmap, which costs milliseconds, and the widest label changes often as the window slides.
        shown = self._splitter.sizes()[1] if self._splitter.width() > 0 else 0
        if width > shown or width < shown - 60 or not self._lines_width:
            self._lines_width = width
            self._split()

    def _split(self) -> None:
        """The lines get the width they need to show both columns and the numbers, up to half the view;
        the heatmap takes the rest (a fixed minimum there would push the window past a small screen)."""
        if not self._split_by_hand:
            total = self._splitter.width()
            lines = min(self._lines_width, total // 2)
            self._splitter.setSizes([total - lines, lines])

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._split()

    def closeEvent(self, event) -> None:
        self._lines.close()  # a child gets no close event of its own
        super().closeEvent(event)
