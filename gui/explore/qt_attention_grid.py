"""QtAttentionGrid: every attention head of the model at once, one small heatmap per layer × head.

The overview in the manner of BertViz's model view, drawn the pyqtgraph way: the ImageItems,
their masks and frames are created once per model shape and updated in place with
`setImage` (row-major float32, levels fixed to 0..1), with one ColorBarItem for all heads so
that equal colours mean equal weights everywhere. Layers are stacked like the floors of a
building, layer 1 at the bottom. A click on a thumbnail (or Shift+arrows to it, then Enter)
asks for it large. When a thumbnail has fewer pixels than the window has tokens (GPT-2 small's
144 heads over 128 tokens: about 20 pixels each), each pixel shows the strongest weight of the
cells it stands for (max pooling, as pyqtgraph's 'peak' downsampling keeps a curve's spikes),
so a head that looks at one token still shows it; the explanation says so, and pointing at a
square or opening the head gives every cell exactly.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPolygonF, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QToolTip

from explainer.explore import Exploration

from ..common.colors import ACCENT_COLOR, paint_masked, weight_colormap
from ..common.qt_subscription import follow
from ..common.text_format import isolate
from ..common.zoom import fit_axis, on_font_change, scaled_font
from .grid_items import FloorName, peak_pool

TRACE_CHANGES = Exploration.TRACE_CHANGES  # "settings" (sampling) leaves the trace as it is


def as_image(pattern) -> np.ndarray:
    """A (query, key) tensor as the C-contiguous float32 array ImageItem draws without copying."""
    return np.ascontiguousarray(pattern.detach().cpu().numpy(), dtype=np.float32)


@lru_cache(maxsize=4)
def staircase(n: int) -> QPolygonF:
    """The future's outline over n × n cells: along the top, down the right edge, then one step per row
    back to (1, 0). Shared by every head's mask (144 of them for GPT-2 small)."""
    points = [QPointF(1, 0), QPointF(n, 0)]
    for j in range(n - 1, 0, -1):
        points += [QPointF(j + 1, j), QPointF(j, j)]
    return QPolygonF(points) if n > 1 else QPolygonF()


def hover_text(displays: list[str], pattern: np.ndarray, query: int, key: int) -> str:
    """What a person reads when pointing at cell (query, key): the two tokens and the exact weight."""
    arrow = f"‘{isolate(displays[query])}’ → ‘{isolate(displays[key])}’"
    if key > query:
        return f"{arrow}: masked (a token cannot look ahead)"
    return f"{arrow}: {pattern[query, key]:.3f}"


class FutureMask(QGraphicsItem):
    """The causal mask over an n × n heatmap: every cell right of the diagonal (a query reading a
    later key) is covered, so the future reads as empty rather than as a weight of 0."""

    def __init__(self, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self._polygon = QPolygonF()
        self._n = 0

    def set_size(self, n: int) -> None:
        if n == self._n:
            return
        self.prepareGeometryChange()
        self._n = n
        self._polygon = QPolygonF(staircase(n))  # a copy of its own (Qt shares the points until one changes)

    def contains_cell(self, query: int, key: int) -> bool:
        return self._polygon.containsPoint(QPointF(key + 0.5, query + 0.5), Qt.FillRule.OddEvenFill)

    def boundingRect(self) -> QRectF:
        return self._polygon.boundingRect()

    def paint(self, painter, option, widget=None) -> None:
        paint_masked(painter, self._polygon)


UNIT = QRectF(0, 0, 1, 1)  # every thumbnail's square, whatever the number of tokens
POOLED = (" This model has so many heads that a square has fewer pixels than the text has tokens: each pixel "
          "shows the strongest weight among the {factor} × {factor} cells it stands for. Point at a square, or "
          "open the head, for every cell.")


class QtAttentionGrid(pg.GraphicsLayoutWidget):
    """n_layer × n_head thumbnails of the attention patterns over the current window."""

    headClicked = Signal(int, int)  # (layer, head), counted from 0
    EXPLANATION = (
        "Attention is how each word gathers context: every token looks back at the tokens before it, and "
        "at itself, never ahead, and decides how much each one matters. Each small square is one 'head' "
        "doing this in its own way; the heads are stacked in layers like the floors of a building, layer 1 "
        "at the bottom. Brighter means more attention, and the grey hatched half is the future the model "
        "cannot see. Click a square to open it large (or move the orange frame with Shift+arrows, then "
        "press Enter)."
    )

    def __init__(self, exploration: Exploration, parent=None) -> None:
        super().__init__(parent)
        self._exploration = exploration
        self._shape = (0, 0)
        self._n = 0
        self._selected = (0, 0)
        self._views: list[list[pg.ViewBox]] = []
        self._images: list[list[pg.ImageItem]] = []
        self._masks: list[list[FutureMask]] = []
        self._frames: list[list[QGraphicsRectItem]] = []
        self._patterns: list[np.ndarray] = []  # per layer, (heads, query, key), every cell (the images may be pooled)
        self._factor = 1  # tokens per pixel of the thumbnails (peak_pool)
        self._labels: list[tuple[pg.LabelItem, str]] = []  # the head and layer names, resized by the zoom
        self.setAccessibleName("Attention overview: every layer and head")
        self.setAccessibleDescription(self.EXPLANATION)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setBackground(self.palette().color(self.backgroundRole()))
        self.scene().sigMouseClicked.connect(self._on_scene_click)
        self.scene().sigMouseMoved.connect(self._on_mouse_move)
        self._on_exploration_change("model")
        # unsubscribes when closed or destroyed (a view inside a window gets no close event)
        follow(self, exploration, self._on_exploration_change)

    # -- public --------------------------------------------------------------------
    def selected(self) -> tuple[int, int]:
        return self._selected

    def select(self, layer: int, head: int) -> None:
        """Move the highlight (keyboard cursor) to a head without opening it."""
        n_layer, n_head = self._shape
        self._selected = (min(max(layer, 0), n_layer - 1), min(max(head, 0), n_head - 1))
        # every thumbnail keeps a thin outline, so its square stands out against the page even
        # where most of it is masked; the selected one gets a thick accent frame
        for l, row in enumerate(self._frames):
            for h, frame in enumerate(row):
                chosen = (l, h) == self._selected
                frame.setPen(pg.mkPen(ACCENT_COLOR, width=4) if chosen else pg.mkPen("#8c8c8c", width=1))

    def image(self, layer: int, head: int) -> pg.ImageItem:
        return self._images[layer][head]

    def head_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        """The (layer, head) whose thumbnail is under a scene position, if any."""
        for l, row in enumerate(self._views):
            for h, view in enumerate(row):
                if view.sceneBoundingRect().contains(scene_pos):
                    return l, h
        return None

    def open_head(self, layer: int, head: int) -> None:
        """Select a head and ask for it large: what a click or Enter does."""
        self.select(layer, head)
        self.headClicked.emit(layer, head)

    # -- building and updating ----------------------------------------------------------
    def _build(self, n_layer: int, n_head: int) -> None:
        """Create the items for one model shape; only a model of another shape rebuilds them."""
        self.clear()
        self._views, self._images, self._masks, self._frames, self._labels = [], [], [], [], []
        foreground = self.palette().color(self.foregroundRole())
        for h in range(n_head):
            self._labels.append((self.addLabel(row=0, col=h + 1, color=foreground), f"head {h + 1}"))
        for l in range(n_layer):
            row = n_layer - l  # floors: layer 1 on the bottom row
            # written across, not up the side: a turned label asks for its text's width in height, and
            # four of them pushed the bottom floor out of a short window (1280x720 with a status message)
            name = FloorName(color=foreground)
            self.addItem(name, row=row, col=0)
            self._labels.append((name, f"layer {l + 1}"))
            views, images, masks, frames = [], [], [], []
            for h in range(n_head):
                view = self.addViewBox(row=row, col=h + 1, lockAspect=True, invertY=True,
                                       enableMouse=False, enableMenu=False, defaultPadding=0.03)
                image = pg.ImageItem(axisOrder="row-major")
                mask = FutureMask()
                frame = QGraphicsRectItem(UNIT)
                for z, item in enumerate((image, mask, frame)):
                    item.setZValue(z)
                    view.addItem(item)
                view.setRange(xRange=(0, 1), yRange=(0, 1), padding=0.03)
                views.append(view), images.append(image), masks.append(mask), frames.append(frame)
            self._views.append(views), self._images.append(images)
            self._masks.append(masks), self._frames.append(frames)
        self._bar = pg.ColorBarItem(values=(0, 1), colorMap=weight_colormap(), interactive=False,
                                    colorMapMenu=False, width=16)
        self._bar.setImageItem([img for row in self._images for img in row])
        self._bar.axis.setTextPen(foreground)
        self._bar.axis.setLabel("attention weight", color=foreground.name())
        self.addItem(self._bar, row=1, col=n_head + 1, rowspan=n_layer)
        self._shape, self._n = (n_layer, n_head), 0
        self._views[0][0].sigResized.connect(self._on_thumbnail_resized)  # they all share one size
        self._apply_fonts()
        self.select(*self._selected)

    def _apply_fonts(self) -> None:
        font = scaled_font(self)
        for label, text in self._labels:
            label.setText(text, size=f"{font.pointSizeF():.1f}pt")
        if self._labels:
            fit_axis(self._bar.axis, font)
            self._bar.axis.setLabel("attention weight", **{"font-size": f"{font.pointSizeF():.1f}pt"})

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if on_font_change(event):
            self._apply_fonts()

    def _resize(self, n: int) -> None:
        """A new number of tokens: only the masks change. Each thumbnail is a unit square (its view's
        range, its frame, its image's rect are set once), so a Step that grows the text by a token does
        not move 144 view ranges (GPT-2 small), and the mask is drawn in tokens scaled to it."""
        scale = QTransform.fromScale(1 / n, 1 / n)
        for masks in self._masks:
            for mask in masks:
                mask.set_size(n)
                mask.setTransform(scale)
        self._n = n

    def _on_exploration_change(self, what: str) -> None:
        if what not in TRACE_CHANGES:
            return
        config = self._exploration.model.config
        if (config.n_layer, config.n_head) != self._shape:
            self._build(config.n_layer, config.n_head)
        trace = self._exploration.trace()
        self._patterns = [as_image(trace.pattern(l)) for l in range(config.n_layer)]
        self._draw_images()

    def _thumbnail_factor(self, n: int) -> int:
        pixels = int(min(self._views[0][0].width(), self._views[0][0].height()))
        return max(1, n // pixels) if pixels >= 8 else 1  # before the first layout: every cell

    def _on_thumbnail_resized(self, *_args) -> None:
        if self._patterns and self._thumbnail_factor(self._n) != self._factor:
            self._draw_images()

    def _draw_images(self) -> None:
        """The thumbnails from the kept patterns, pooled to about one token per pixel (no engine read)."""
        if not self._patterns:
            return
        n = self._patterns[0].shape[-1]
        factor = self._thumbnail_factor(n)
        if n != self._n:
            self._resize(n)
        self._factor = factor
        pooled = peak_pool(np.stack(self._patterns), factor)  # every head at once
        for images, pattern in zip(self._images, pooled):
            for image, p in zip(images, pattern):
                image.setImage(p, autoLevels=False, levels=(0, 1))
                image.setRect(UNIT)  # whatever its pixels (pooled or not), the unit square
        self.EXPLANATION = type(self).EXPLANATION + (POOLED.format(factor=factor) if factor > 1 else "")
        self.setAccessibleDescription(self.EXPLANATION)


    # -- mouse and keyboard ---------------------------------------------------------------
    def _on_scene_click(self, event) -> None:
        hit = self.head_at(event.scenePos())
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.open_head(*hit)

    def _on_mouse_move(self, scene_pos: QPointF) -> None:
        hit = self.head_at(scene_pos)
        if hit is None:
            QToolTip.hideText()
            return
        l, h = hit
        text = f"layer {l + 1}, head {h + 1} (click to open)"
        point = self._views[l][h].mapSceneToView(scene_pos)  # in the unit square
        q, k = int(np.floor(point.y() * self._n)), int(np.floor(point.x() * self._n))
        if 0 <= q < self._n and 0 <= k < self._n:
            text += "\n" + hover_text(self._exploration.displays(), self._patterns[l][h], q, k)
        QToolTip.showText(self.mapToGlobal(self.mapFromScene(scene_pos)), text, self)

    def move_selection(self, dx: int, dy: int) -> None:
        """Shift+arrows: ← → the head beside, ↑ ↓ the floor above or below (as drawn)."""
        l, h = self._selected
        self.select(l - dy, h + dx)

    def activate_selection(self) -> None:
        """Enter: open the selected head large."""
        self.open_head(*self._selected)
