"""QtNeurons: the feed-forward neurons that fire hardest in each layer, for one token.

Each layer's MLP widens the residual stream four times, applies GELU and narrows it again;
each of those wide units ("neurons") fires more or less for each token and, when it fires,
adds its own push towards some next tokens (Geva et al. 2021, "Transformer feed-forward
layers are key-value memories"). We show which neurons fire hardest and how hard, with
their numbers; we do not claim to know what each one means. One bar chart per layer,
stacked like floors (layer 1 at the bottom); bars, labels and ticks are created once and
updated in place. Under each bar, the neuron's number and the token it pushes up most
directly (`Exploration.neuron_effects`); as many bars are drawn as the width holds with
those labels whole (at most k). Pointing at a bar gives the push's numbers and what they
do and do not mean. As many floors as the height holds (at most 4; GPT-2 small has 12): the
others are a Shift+↑ ↓ away, and the title says which (gui/explore/floor_band.py).
"""
from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QToolTip, QVBoxLayout, QWidget

from explainer.explore import Exploration

from ..common.colors import LINE_COLOR
from ..common.qt_subscription import follow
from ..common.text_format import isolate
from ..common.zoom import on_font_change, scaled_font
from .floor_band import FloorBand
from .followed_position import FollowedPosition
from .texts import ENHANCER, HONEST, IN_VIEW, NEURONS_VIEW  # noqa: F401 - ENHANCER: the view's words, here too

MIN_BARS = 3
# A floor's least height in lines: 2.6 when all fit (the bundled model's 4 at 1280 x 720, as always), 3.4 once paged
# (room for each bar's number); at most 4 at once: each floor's new neurons cost ~1 ms each in pushes (GPT-2)
FLOOR_LINES, PAGED_FLOOR_LINES, MAX_FLOORS = 2.6, 3.4, 4


class QtNeurons(QWidget):
    """Per layer, the most active feed-forward neurons at the selected position."""

    positionSelected = Signal(int)  # window position shown
    EXPLANATION = NEURONS_VIEW

    def __init__(self, exploration: Exploration, k: int = 8, parent=None) -> None:
        super().__init__(parent)
        self._exploration = exploration
        self._k = k
        self._selection = FollowedPosition()
        self._band = FloorBand()  # the layers drawn; the plots below are its floors, lowest first
        self._shown: list[list[tuple[int, float]]] = []
        self._pushes: dict[tuple[int, int], str] = {}  # (layer, neuron) -> the token it pushes up most
        # one floor each (lowest first): its plot, its bars, and the numbers over them
        self._plots, self._bars, self._labels = [], [], []
        self._fit = k  # how many bars the width holds with whole labels
        self._font = scaled_font(self)
        self._caption_px: dict[tuple[int, int], int] = {}  # (layer, neuron) -> caption width in this font

        self._title = QLabel()
        self._title.setWordWrap(True)  # a long token name must not widen the window
        self._chart = pg.GraphicsLayoutWidget()
        self._chart.setBackground(self.palette().color(self.backgroundRole()))
        self._chart.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._chart.scene().sigMouseMoved.connect(self._on_mouse_move)
        self._chart.installEventFilter(self)
        self._sentence = QLabel(IN_VIEW)
        self._sentence.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title), layout.addWidget(self._chart, 1), layout.addWidget(self._sentence)

        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Most active feed-forward neurons per layer")
        self._on_exploration_change("model")
        # unsubscribes when closed or destroyed (a view inside a window gets no close event)
        follow(self, exploration, self._on_exploration_change)

    # -- public --------------------------------------------------------------------
    def position(self) -> int:
        return self._position

    def shown(self) -> list[list[tuple[int, float]]]:
        """Per layer drawn (`layers()`), the (neuron, activation) pairs drawn, strongest first."""
        return [list(layer[: self._fit]) for layer in self._shown]

    def pushes(self, layer: int, neuron: int) -> str:
        """The token this neuron pushes up most directly (from the engine; `_draw` reads them), cached per model."""
        return self._pushes.get((layer, neuron)) or self._exploration.neuron_effects(layer, neuron, top=1)[0][1]

    def caption(self, layer: int, neuron: int) -> str:
        """What stands under a neuron's bar: its number, and the token it pushes up most, whole."""
        return f"#{neuron} →{isolate(self.pushes(layer, neuron))}"

    def tooltip(self, layer: int, neuron: int, firing: float) -> str:
        """The push in numbers (from the engine), and what they are not."""
        effects = self._exploration.neuron_effects(layer, neuron, top=3)
        lines = [f"Layer {layer + 1}, neuron #{neuron}: fires {firing:.2f} here.",
                 "Per unit of firing, its output adds directly to these tokens' scores:"]
        lines += [f"   {isolate(text)}   {score:+.2f}" for _, text, score in effects]
        lines += ["Before the later layers, which can strengthen or undo it;", "not a prediction of what comes next."]
        return "\n".join(lines)

    def bars(self, layer: int) -> pg.BarGraphItem:
        return self._bars[layer - self._band.start]

    def layers(self) -> range:
        """The layers drawn, lowest first: all of them, or as many neighbours as the height holds."""
        return self._band.layers

    def title(self) -> str:
        return self._title.text()

    @property
    def _position(self) -> int:
        return self._selection.value

    def set_position(self, position: int) -> None:
        """Show the neurons for one window position; emits `positionSelected` when it changes."""
        if not self._selection.pick(position, len(self._exploration.window)):
            return
        self._draw()
        self.positionSelected.emit(self._position)

    def move_selection(self, dx: int, dy: int) -> None:
        """Shift+arrows: ← ↑ the earlier token, → ↓ the later one; while not every layer fits, ↑ ↓ show
        the layers above or below instead."""
        if not (dy and self._band.paged):
            self.set_position(self._position + dx + dy)
        elif self._band.page(-dy):
            self._apply_fonts(), self._draw()

    def _refit(self) -> None:
        """As many floors as the chart's height holds now (only while shown: a hidden view catches up when shown)."""
        line, total = QFontMetrics(self._font).height(), self._exploration.model.config.n_layer
        room = min(MAX_FLOORS, int(self._chart.height() / (line * FLOOR_LINES)))
        room = room if total <= room else min(MAX_FLOORS, int(self._chart.height() / (line * PAGED_FLOOR_LINES)))
        if not self.isVisible() or not self._band.fit(total, room):
            return
        self._build(self._band.count) if self._band.count != len(self._plots) else self._apply_fonts()
        self._draw()

    def eventFilter(self, watched, event) -> bool:
        if watched is self._chart and event.type() == QEvent.Type.Resize:  # the chart's, not ours: it settles later
            self._refit()
        return False

    def showEvent(self, event) -> None:
        super().showEvent(event), self._refit()

    # -- building and updating ----------------------------------------------------------
    def _build(self, floors: int) -> None:
        self._chart.clear()
        self._plots, self._bars, self._labels = [], [], []
        foreground = self.palette().color(self.foregroundRole())
        for floor in range(floors):
            plot = self._chart.addPlot(row=floors - 1 - floor, col=0)  # floors: the lowest layer at the bottom
            plot.setMouseEnabled(False, False)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            for name in ("left", "bottom"):
                axis = plot.getAxis(name)
                axis.setTextPen(foreground), axis.setPen(foreground)
            # each bar prints its own strength: values on a floor this short would only crowd the label
            plot.getAxis("left").setStyle(showValues=False, tickLength=0)
            plot.getAxis("bottom").setStyle(tickLength=0)
            bars = pg.BarGraphItem(x=list(range(self._k)), height=[0.0] * self._k, width=0.7,
                                   brush=LINE_COLOR, pen=pg.mkPen(None))
            plot.addItem(bars)
            labels = [pg.TextItem(color=foreground, anchor=(0.5, 1.0)) for _ in range(self._k)]
            for label in labels:
                plot.addItem(label)
            plot.getViewBox().sigResized.connect(self._fit_ranges)
            self._plots.append(plot), self._bars.append(bars), self._labels.append(labels)
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        self._font = scaled_font(self)
        self._caption_px.clear()
        self._title.setFont(scaled_font(self, 1.3, bold=True))
        foreground = self.palette().color(self.foregroundRole()).name()
        line = QFontMetrics(self._font).height()
        for layer, (plot, labels) in zip(self._band.layers, zip(self._plots, self._labels)):
            plot.getAxis("bottom").setStyle(tickFont=self._font)
            plot.getAxis("bottom").setHeight(line + 6)  # pyqtgraph sizes it once; a zoom would cut the labels
            plot.setLabel("left", f"layer {layer + 1}", color=foreground,
                          **{"font-size": f"{self._font.pointSizeF():.1f}pt"})
            for label in labels:
                label.setFont(self._font)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if on_font_change(event) and self._plots:
            # Fonts and layout only, never the engine: a hidden view may be behind the text (qt_subscription).
            self._apply_fonts()
            self._paint()

    def _explain(self) -> None:
        config, per_layer = self._exploration.model.config, 4 * self._exploration.model.config.n_embd
        self.EXPLANATION = type(self).EXPLANATION.replace(
            "made of neurons", f"made of {per_layer:,} neurons ({config.n_layer} layers × {per_layer:,} = "
            f"{config.n_layer * per_layer:,} in this model)") + " " + HONEST
        self.setAccessibleDescription(self.EXPLANATION)

    def _on_exploration_change(self, what: str) -> None:
        if what == "settings":  # sampling settings do not change what the layers compute
            return
        n_layer = self._exploration.model.config.n_layer
        if what == "model":
            self._pushes.clear()  # other weights push other tokens
            self._caption_px.clear()
            self._explain()
        if what == "prompt":
            self._selection.reset()  # a token of the old text means nothing in the new one
        if self._band.fit(n_layer, self._band.count if n_layer == self._band.total else n_layer) or not self._plots:
            self._build(self._band.count)  # another model: all its floors until the height is known (_refit)
        n = len(self._exploration.window)
        previous = self._position
        self._selection.value = self._selection.after_change(n)
        self._draw()
        if self._position != previous:
            self.positionSelected.emit(self._position)

    def _draw(self) -> None:
        """Read the selected position's neurons from the engine, then paint them."""
        ex, pos = self._exploration, self._position
        self._shown = [ex.top_neurons(layer, pos, k=self._k) for layer in self._band.layers]
        # the pushes of the neurons not met before, in one pass over the output table (GPT-2's is 150 MB)
        new = [(layer, n) for layer, shown in zip(self._band.layers, self._shown) for n, _ in shown
               if (layer, n) not in self._pushes]
        for pair, effects in ex.neuron_pushes(new, top=1).items():
            self._pushes[pair] = effects[0][1]
        n = len(ex.window)
        self._title.setText(f"Neurons firing at ‘{isolate(ex.displays()[pos])}’ (token {pos + 1})"
                            + self._selection.note(n) + self._band.note())
        self._paint()

    def _paint(self) -> None:
        """Bars, labels and ticks from what was read, as many bars as fit."""
        self._fit = self._bars_that_fit()
        for layer, plot, bars, labels, shown in zip(self._band.layers, self._plots, self._bars, self._labels,
                                                    self._shown):
            shown = shown[: self._fit]
            bars.setOpts(x=list(range(len(shown))), height=[v for _, v in shown])
            ticks = [[(i, self.caption(layer, neuron)) for i, (neuron, _) in enumerate(shown)], []]
            axis = plot.getAxis("bottom")
            if getattr(axis, "_shown_ticks", None) != ticks:  # new ticks redraw the axis: only on a change
                axis.setTicks(ticks)
                axis._shown_ticks = ticks
            for i, label in enumerate(labels):
                if i < len(shown):
                    text = f"{shown[i][1]:.2f}"
                    if label.toPlainText() != text:  # setText re-lays the item out: only on a change
                        label.setText(text)
                    label.setPos(i, max(shown[i][1], 0.0))
                label.setVisible(i < len(shown))
            if plot.getViewBox().viewRange()[0] != [-0.6, len(shown) - 0.4]:
                plot.setXRange(-0.6, len(shown) - 0.4, padding=0)
        self._fit_ranges(checked=True)

    def _bars_that_fit(self) -> int:
        """As many bars as the chart's width holds with every label whole, between MIN_BARS and k."""
        widest = max((self._caption_width(layer, neuron) for layer, shown in zip(self._band.layers, self._shown)
                      for neuron, _ in shown), default=60)
        width = self._chart.width() - 60  # less the floor labels on the left
        return max(MIN_BARS, min(self._k, width // (widest + 16)))

    def _on_mouse_move(self, scene_pos: QPointF) -> None:
        for layer, plot, shown in zip(self._band.layers, self._plots, self._shown):
            if plot.getViewBox().sceneBoundingRect().contains(scene_pos):
                i = round(plot.getViewBox().mapSceneToView(scene_pos).x())
                shown = shown[: self._fit]
                if 0 <= i < len(shown):
                    QToolTip.showText(self._chart.mapToGlobal(self._chart.mapFromScene(scene_pos)),
                                      self.tooltip(layer, *shown[i]), self._chart)
                    return
        QToolTip.hideText()

    def _caption_width(self, layer: int, neuron: int) -> int:
        # measured once per neuron and font: a step meets mostly the same strong neurons again
        if (layer, neuron) not in self._caption_px:
            self._caption_px[layer, neuron] = QFontMetrics(self._font).horizontalAdvance(self.caption(layer, neuron))
        return self._caption_px[layer, neuron]

    def _fit_ranges(self, *_args, checked: bool = False) -> None:
        """One scale for every floor, with room above the tallest bar for its number: the number is
        a fixed height in pixels, so the room depends on how tall the floors are drawn."""
        if not checked and self._shown and self._bars_that_fit() != self._fit:  # the width changed how many fit
            self._paint()
            return
        values = [v for layer in self._shown for _, v in layer[: self._fit]]
        peak, low = max(max(values, default=1.0), 1e-6), min(0.0, min(values, default=0.0))
        text = QFontMetrics(self._font).height() + 4
        for plot in self._plots:
            height = plot.getViewBox().height()
            room = min(0.6, text / height) if height > text else 0.3  # before layout: a guess
            top = peak / (1.0 - room)
            step = 10 ** math.floor(math.log10(top)) / 4  # rounded up, so most steps keep the range and its axis
            top = math.ceil(top / step) * step
            if plot.getViewBox().viewRange()[1] != [low, top]:
                plot.setYRange(low, top, padding=0)
