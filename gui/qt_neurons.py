"""QtNeurons: the most active feed-forward neurons of each layer, for one token.

Each layer's MLP widens the residual stream four times, applies GELU and narrows it again;
each of those wide units ("neurons") fires on some pattern and, when it fires, adds its own
push towards some next tokens (Geva et al. 2021, "Transformer feed-forward layers are
key-value memories"). We show which neurons fire hardest and how hard, with their numbers;
we do not claim to know what each one means. One bar chart per layer, stacked like floors
(layer 1 at the bottom); bars, labels and ticks are created once and updated in place.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from explainer.explore import Exploration

from .colors import LINE_COLOR
from .followed_position import FollowedPosition
from .qt_subscription import follow

ENHANCER = ("Feed-forward layers act like a word enhancer: each neuron responds to a pattern and adds its own "
            "push to the prediction.")
HONEST = ("The numbers say how strongly each neuron fires here; under each bar, after the neuron's number, "
          "is the token that neuron pushes up most directly when it fires (read from its output weights). What a neuron "
          "stands for is not labelled.")


class QtNeurons(QWidget):
    """Per layer, the k most active feed-forward neurons at the selected position."""

    positionSelected = Signal(int)  # window position shown
    EXPLANATION = (
        "After attention has gathered context, every layer passes each token through a feed-forward part: "
        "thousands of small detectors called neurons. The bars show the neurons of each layer that fire "
        "hardest for the selected token, with their numbers and strengths; layer 1 is at the bottom. "
        + ENHANCER
    )

    def __init__(self, exploration: Exploration, k: int = 8, parent=None) -> None:
        super().__init__(parent)
        self._exploration = exploration
        self._k = k
        self._selection = FollowedPosition()
        self._n_layer = 0
        self._shown: list[list[tuple[int, float]]] = []
        self._pushes: dict[tuple[int, int], str] = {}  # (layer, neuron) -> the token it pushes up most
        self._plots: list[pg.PlotItem] = []
        self._bars: list[pg.BarGraphItem] = []
        self._labels: list[list[pg.TextItem]] = []

        self._font = QFont(QApplication.font())
        self._title = QLabel()
        title_font = QFont(self._font)
        title_font.setPointSizeF(self._font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self._title.setFont(title_font)
        self._chart = pg.GraphicsLayoutWidget()
        self._chart.setBackground(self.palette().color(self.backgroundRole()))
        self._chart.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the arrow keys belong to this view
        sentence = QLabel(f"{ENHANCER} {HONEST}")
        sentence.setWordWrap(True)
        sentence.setFont(self._font)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title), layout.addWidget(self._chart, 1), layout.addWidget(sentence)

        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Most active feed-forward neurons per layer")
        self.setAccessibleDescription(self.EXPLANATION)
        self._on_exploration_change("model")
        # unsubscribes when closed or destroyed (a view inside a window gets no close event)
        follow(self, exploration, self._on_exploration_change)

    # -- public --------------------------------------------------------------------
    def position(self) -> int:
        return self._position

    def shown(self) -> list[list[tuple[int, float]]]:
        """Per layer, the (neuron, activation) pairs drawn, strongest first."""
        return [list(layer) for layer in self._shown]

    def pushes(self, layer: int, neuron: int) -> str:
        """The token this neuron pushes up most directly (from the engine), cached per model."""
        if (layer, neuron) not in self._pushes:
            self._pushes[layer, neuron] = self._exploration.neuron_effects(layer, neuron, top=1)[0][1]
        return self._pushes[layer, neuron]

    def caption(self, layer: int, neuron: int) -> str:
        """What stands under a neuron's bar: its number and the token it pushes up most."""
        token = self.pushes(layer, neuron)
        return f"#{neuron}→{token if len(token) <= 8 else token[:7] + '…'}"  # eight bars share one row

    def bars(self, layer: int) -> pg.BarGraphItem:
        return self._bars[layer]

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

    # -- building and updating ----------------------------------------------------------
    def _build(self, n_layer: int) -> None:
        self._chart.clear()
        self._plots, self._bars, self._labels = [], [], []
        foreground = self.palette().color(self.foregroundRole())
        for layer in range(n_layer):
            plot = self._chart.addPlot(row=n_layer - 1 - layer, col=0)  # floors: layer 1 at the bottom
            plot.setMouseEnabled(False, False)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            for name in ("left", "bottom"):
                axis = plot.getAxis(name)
                axis.setStyle(tickFont=self._font)
                axis.setTextPen(foreground), axis.setPen(foreground)
            plot.setLabel("left", f"layer {layer + 1}", color=foreground.name(),
                          **{"font-size": f"{self._font.pointSizeF():.0f}pt"})
            bars = pg.BarGraphItem(x=list(range(self._k)), height=[0.0] * self._k, width=0.7,
                                   brush=LINE_COLOR, pen=pg.mkPen(None))
            plot.addItem(bars)
            labels = []
            for _ in range(self._k):
                label = pg.TextItem(color=foreground, anchor=(0.5, 1.0))
                label.setFont(self._font)
                plot.addItem(label)
                labels.append(label)
            plot.setXRange(-0.6, self._k - 0.4, padding=0)
            plot.getViewBox().sigResized.connect(self._fit_ranges)
            self._plots.append(plot), self._bars.append(bars), self._labels.append(labels)
        self._n_layer = n_layer

    def _on_exploration_change(self, what: str) -> None:
        if what == "settings":  # sampling settings do not change what the layers compute
            return
        n_layer = self._exploration.model.config.n_layer
        if what == "model":
            self._pushes.clear()  # other weights push other tokens
        if n_layer != self._n_layer:
            self._build(n_layer)
        n = len(self._exploration.window)
        previous = self._position
        self._selection.value = self._selection.after_change(n)
        self._draw()
        if self._position != previous:
            self.positionSelected.emit(self._position)

    def _draw(self) -> None:
        ex, pos = self._exploration, self._position
        self._shown = [ex.top_neurons(layer, pos, k=self._k) for layer in range(self._n_layer)]
        self._title.setText(f"Neurons firing at ‘{ex.displays()[pos]}’ (token {pos + 1})")
        for layer, (plot, bars, labels, shown) in enumerate(zip(self._plots, self._bars, self._labels, self._shown)):
            heights = [v for _, v in shown]
            bars.setOpts(height=heights)
            # the pushed token goes under the bar, beside the neuron's number: a short floor has no room above
            plot.getAxis("bottom").setTicks([[(i, self.caption(layer, n)) for i, (n, _) in enumerate(shown)], []])
            for i, (label, (neuron, v)) in enumerate(zip(labels, shown)):
                label.setText(f"{v:.2f}")
                label.setPos(i, max(v, 0.0))
        self._fit_ranges()

    def _fit_ranges(self) -> None:
        """One scale for every floor, with room above the tallest bar for its number: the number is
        a fixed height in pixels, so the room depends on how tall the floors are drawn."""
        values = [v for layer in self._shown for _, v in layer]
        peak, low = max(max(values, default=1.0), 1e-6), min(0.0, min(values, default=0.0))
        text = QFontMetrics(self._font).height() + 4
        for plot in self._plots:
            height = plot.getViewBox().height()
            room = min(0.6, text / height) if height > text else 0.3  # before layout: a guess
            plot.setYRange(low, peak / (1.0 - room), padding=0)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.set_position(self._position + (1 if event.key() == Qt.Key.Key_Right else -1))
            event.accept()
        else:
            super().keyPressEvent(event)
