"""QtInside: where an aligned model differs from the base model inside, floor by floor (difference mode).

Three pictures of the same text (the aligned model's answer), drawn the way the Explore page
draws the model: layers as floors, layer 1 at the bottom, one viridis colour scale from 0 (the
same as the base model) to 1 (completely different) shared by the first two, and the number
printed in every cell so that no colour has to be told apart.

- Attention: per layer and head, how differently the head spreads its attention over the text
  (`Comparison.attention`: the mean over tokens of the total-variation distance of the rows).
- Logit lens: per layer, at the tokens the aligned model shifted, how often that floor's guess
  differs from the base model's, and the KL divergence between the two guesses (`Comparison.lens`).
- Weights: how far each floor's weights moved, relative to their size (`Comparison.weights`),
  with the embeddings under layer 1 and the final norm on top.
"""
from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from ..common import themes
from ..common.colors import probability_colors, weight_colormap
from ..common.zoom import fit_axis, on_font_change, scaled_font
from .texts import role

BAR = QtGui.QColor("#4c78a8")


def floor_names(n_layer: int) -> list[str]:
    return ["embeddings"] + [f"layer {l + 1}" for l in range(n_layer)] + ["final norm"]


def summary(title: str, attention: np.ndarray, lens: dict, weights: dict, shifted: int) -> str:
    """What the three pictures say, in sentences a room can follow."""
    per_layer = attention.mean(axis=1)
    top_l, top_h = np.unravel_index(int(attention.argmax()), attention.shape)
    parts = [f"<b>Attention.</b> {title}'s heads look most differently in layer {np.argmax(per_layer) + 1} "
             f"(on average {per_layer.max():.2f}) and least in layer {np.argmin(per_layer) + 1} "
             f"({per_layer.min():.2f}); the most changed head is layer {top_l + 1}, head {top_h + 1} "
             f"({attention[top_l, top_h]:.2f})."]
    if shifted:
        differs = np.asarray(lens["top_differs"])
        parts.append(f"<b>Logit lens.</b> At the {shifted} shifted token{'s' if shifted > 1 else ''}, layer 1's "
                     f"guess differs from the base model's {differs[0]:.0%} of the time, the top layer's "
                     f"{differs[-1]:.0%}.")
    else:
        parts.append("<b>Logit lens.</b> This answer has no shifted token, so there is nothing to compare there.")
    layers = {k: v for k, v in weights.items() if k.startswith("layer")}
    most, least = max(weights, key=weights.get), min(weights, key=weights.get)
    spread = max(layers.values()) / max(min(layers.values()), 1e-12) if layers else 1.0
    how = ("about the same on every floor: a nudge everywhere, not a rewiring of one floor" if spread < 1.5 else
           f"mostly in {max(layers, key=layers.get)}")
    parts.append(f"<b>Weights.</b> They moved {how}: most in the {most} ({weights[most]:.1%} of their size), "
                 f"least in the {least} ({weights[least]:.1%}).")
    return " ".join(parts)


class _PercentAxis(pg.AxisItem):
    def tickStrings(self, values, scale, spacing):
        return [f"{v:.{0 if spacing >= 0.01 else 1}%}" for v in values]


class _FloorAxis(pg.AxisItem):
    """Floor names on the left, and only at whole floors."""

    def __init__(self, names: list[str]) -> None:
        super().__init__("left")
        self.names = names
        self.setTicks([[(i, n) for i, n in enumerate(names)], []])


class QtInside(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.result = None
        self.name = ""
        self._shape = (0, 0)
        self.cell_texts: dict[tuple[str, int, int], str] = {}  # (part, layer, head) -> the number printed
        self.heading = QtWidgets.QLabel(self)
        self.heading.setWordWrap(True)
        self.models = QtWidgets.QHBoxLayout()
        self.model_buttons: dict[str, QtWidgets.QPushButton] = {}
        self.group = QtWidgets.QButtonGroup(self)
        self.group.setExclusive(True)
        self.graphics = pg.GraphicsLayoutWidget(self)
        self.graphics.setBackground(themes.plot_background())
        self.graphics.setAccessibleName("Where the aligned model differs from the base model, floor by floor")
        self.words = QtWidgets.QLabel(self)
        self.words.setWordWrap(True)
        self.words.setTextFormat(QtCore.Qt.TextFormat.RichText)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addLayout(self.models)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(top)
        layout.addWidget(self.graphics, 1)
        layout.addWidget(self.words)
        self.modelChosen = None  # set by the page: called with a model name when a button is pressed

    # -- building --------------------------------------------------------------------------------
    def _build(self, n_layer: int, n_head: int) -> None:
        g = self.graphics
        g.clear()
        names = floor_names(n_layer)
        y_range = (-0.6, n_layer + 1.6)
        self.att_plot = g.addPlot(row=0, col=0, axisItems={"left": _FloorAxis(names)})
        self.lens_plot = g.addPlot(row=0, col=1)
        self.weight_plot = g.addPlot(row=0, col=2, axisItems={"bottom": _PercentAxis("bottom")})
        for plot in (self.att_plot, self.lens_plot, self.weight_plot):
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.getViewBox().setMouseEnabled(x=False, y=False)
            plot.setYRange(*y_range, padding=0)
        self.lens_plot.setYLink(self.att_plot)
        self.weight_plot.setYLink(self.att_plot)
        self.lens_plot.hideAxis("left")
        self.weight_plot.hideAxis("left")
        self.att_image = pg.ImageItem(axisOrder="row-major")  # row l = layer l + 1, drawn upwards: floors
        self.att_plot.addItem(self.att_image)
        self.att_plot.setXRange(0.5, n_head + 0.5, padding=0.02)
        self.att_plot.getAxis("bottom").setTicks([[(h + 1, f"head {h + 1}") for h in range(n_head)], []])
        self.lens_image = pg.ImageItem(axisOrder="row-major")
        self.lens_plot.addItem(self.lens_image)
        self.lens_plot.setXRange(0.5, 1.5, padding=0.02)
        self.lens_plot.getAxis("bottom").setTicks([[(1, "guess differs")], []])
        self.att_labels = [[pg.TextItem("", anchor=(0.5, 0.5)) for _ in range(n_head)] for _ in range(n_layer)]
        for l, row in enumerate(self.att_labels):
            for h, label in enumerate(row):
                label.setPos(h + 1, l + 1)
                self.att_plot.addItem(label)
        self.lens_labels = [pg.TextItem("", anchor=(0.5, 0.5)) for _ in range(n_layer)]
        for l, label in enumerate(self.lens_labels):
            label.setPos(1, l + 1)
            self.lens_plot.addItem(label)
        self.lens_note = pg.TextItem("", anchor=(0.5, 0.5), color=themes.color("plot_text"))
        self.lens_note.setPos(1, (n_layer + 1) / 2)
        self.lens_plot.addItem(self.lens_note)
        n_floor = n_layer + 2
        self.weight_bars = pg.BarGraphItem(x0=np.zeros(n_floor), y=np.arange(n_floor, dtype=float),
                                           width=np.zeros(n_floor), height=0.6, brush=BAR, pen=pg.mkPen(None))
        self.weight_plot.addItem(self.weight_bars)
        self.weight_labels = [pg.TextItem("", anchor=(0, 0.5), color=themes.color("plot_text")) for _ in range(n_floor)]
        for i, label in enumerate(self.weight_labels):
            label.setPos(0, i)
            self.weight_plot.addItem(label)
        self.bar = pg.ColorBarItem(values=(0, 1), colorMap=weight_colormap(), interactive=False,
                                   colorMapMenu=False, width=14)
        self.bar.setImageItem([self.att_image, self.lens_image])
        g.addItem(self.bar, row=0, col=3)
        layout = g.ci.layout
        layout.setColumnStretchFactor(0, 5)
        layout.setColumnStretchFactor(1, 2)
        layout.setColumnStretchFactor(2, 3)
        self._shape = (n_layer, n_head)
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        if not self._shape[0]:
            return
        font = scaled_font(self)
        small = scaled_font(self, 0.9)
        # short titles: pyqtgraph will not let a plot be narrower than its title
        for plot, title in ((self.att_plot, "Attention: change per head"), (self.lens_plot, "Logit lens"),
                            (self.weight_plot, "Weights moved")):
            plot.setTitle(title, size=f"{font.pointSizeF():.1f}pt")
            plot.getAxis("bottom").setStyle(tickFont=small)
        fit_axis(self.att_plot.getAxis("left"), small, sample="embeddings", label=False)
        for label in [x for row in self.att_labels for x in row] + self.lens_labels + self.weight_labels:
            label.setFont(small)
        self.lens_note.setFont(small)
        fit_axis(self.bar.axis, small)
        self.graphics.ci.layout.setColumnMinimumWidth(3, self.bar.axis.width() + 30)  # its numbers, not cut
        self.bar.axis.setLabel("0 = as the base model, 1 = completely different",
                               **{"font-size": f"{small.pointSizeF():.1f}pt"})

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if on_font_change(event):
            self._apply_fonts()

    def _set_buttons(self, names: list[str]) -> None:
        if list(self.model_buttons) == names:
            return
        for b in self.model_buttons.values():
            self.group.removeButton(b)
            b.deleteLater()
        self.model_buttons = {}
        for i, name in enumerate(names):
            b = QtWidgets.QPushButton(role(name, i).title, self)
            b.setCheckable(True)
            b.setFocusPolicy(QtCore.Qt.FocusPolicy.TabFocus)
            b.clicked.connect(lambda _=False, n=name: self.modelChosen and self.modelChosen(n))
            self.group.addButton(b)
            self.models.addWidget(b)
            self.model_buttons[name] = b

    # -- content ------------------------------------------------------------------------------------
    def show_result(self, result, name: str | None) -> None:
        self.result = result
        c = result.comparison
        names = list(c.attention)
        self._set_buttons(names)
        if not names:
            self.heading.setText("Only the base model is here: there is no aligned model to compare it with.")
            return
        self.show_model(name if name in names else names[0])

    def show_model(self, name: str) -> None:
        c = self.result.comparison
        self.name = name
        for n, b in self.model_buttons.items():
            b.setChecked(n == name)
        attention = c.attention[name].detach().cpu().numpy().astype(np.float32)  # (layers, heads)
        n_layer, n_head = attention.shape
        if (n_layer, n_head) != self._shape:
            self._build(n_layer, n_head)
        r = role(name, list(c.attention).index(name))
        shifted = len(c.shifts[name].shifted_positions())
        self.heading.setText(f"<b>{html.escape(r.title)}</b> against the base model, over {html.escape(r.title)}'s "
                             f"own answer ({len(c.answers[name].tokens)} tokens, {shifted} shifted).")
        self.cell_texts = {}
        self.att_image.setImage(np.ascontiguousarray(attention), autoLevels=False, levels=(0, 1))
        self.att_image.setRect(QtCore.QRectF(0.5, 0.5, n_head, n_layer))  # after setImage: it scales the image
        _, black = probability_colors(attention)
        for l in range(n_layer):
            for h in range(n_head):
                text = f"{attention[l, h]:.2f}"
                self.cell_texts["attention", l, h] = text
                self.att_labels[l][h].setText(text)
                self.att_labels[l][h].setColor("#000000" if black[l, h] else "#ffffff")
        lens = c.lens[name]
        differs = lens["top_differs"].detach().cpu().numpy().astype(np.float32)
        kl = lens["kl"].detach().cpu().numpy()
        self.lens_image.setImage(np.ascontiguousarray(differs[:, None]), autoLevels=False, levels=(0, 1))
        self.lens_image.setRect(QtCore.QRectF(0.5, 0.5, 1, n_layer))
        self.lens_image.setVisible(bool(shifted))
        _, black = probability_colors(differs)
        for l, label in enumerate(self.lens_labels):
            text = f"{differs[l]:.0%}\nKL {kl[l]:.2f}" if shifted else ""
            self.cell_texts["lens", l, 0] = text
            label.setText(text)
            label.setColor("#000000" if black[l] else "#ffffff")
        self.lens_note.setText("" if shifted else "no shifted\ntoken here")
        weights = c.weights[name]
        floors = floor_names(n_layer)
        values = np.array([weights.get(f, 0.0) for f in floors])
        right = max(float(values.max()) * 1.45, 1e-3)
        self.weight_bars.setOpts(width=values)
        for i, (label, v) in enumerate(zip(self.weight_labels, values)):
            label.setText(f"{v:.1%}")
            label.setPos(v + right * 0.02, i)
            self.cell_texts["weights", i, 0] = f"{v:.1%}"
        self.weight_plot.setXRange(0, right, padding=0)
        self.words.setText(summary(r.title, attention, {k: v.detach().cpu().numpy() for k, v in lens.items()},
                                   weights, shifted))
