"""QtEmbedding: how a token first enters the model, as two vectors added together.

Attention alone treats a text as a bag of words: swap two words and every token still
sees the same set. GPT-2-style models (Radford et al. 2019) therefore add a learned
position vector to each token's vector before layer 1. This view draws the three rows of
that sum for the selected token, from `Exploration.embedding_parts`: the token vector
(the same wherever the token appears), the position vector (the same for every token in
that place), and their sum, one coloured cell per number. The images are created once
and updated in place; hovering a cell prints its three numbers. A model with rotary positions
(Pythia, `model.wpe is None`) adds no position vector: its middle row is zeros, and the view
says so and where such a model gets word order from instead (inside attention).
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QLabel, QToolTip, QVBoxLayout, QWidget

from explainer.explore import Exploration

from ..common.colors import vector_colormap
from ..common.qt_subscription import follow
from ..common.text_format import isolate
from ..common.zoom import fit_axis, on_font_change, scaled_font
from .followed_position import FollowedPosition
from .qt_attention_grid import TRACE_CHANGES

ROWS = ("token vector", "+ position vector", "= what enters layer 1")
ROTARY = ("This model adds no position vector (its middle row is all zeros): what enters layer 1 is the token "
          "vector alone, the same wherever the token stands. It learns word order inside attention instead: every "
          "head turns its queries and keys by an angle that grows with the position (rotary positions, Su et al. "
          "2021), so how much one token attends to another depends on how far apart they are.")
READ_ROTARY = ("Before layer 1, each token becomes a list of numbers, a vector. Each coloured cell is one number "
               "(blue below 0, yellow above). The middle row is all zeros: this model adds nothing for the position. "
               "Shift+arrows choose another token.")


class QtEmbedding(QWidget):
    """The selected token's vector as its token part plus its position part."""

    positionSelected = Signal(int)  # window position shown
    EXPLANATION = (
        "Before layer 1, each token becomes a list of numbers, a vector, and that vector has two parts "
        "added together. The token part says which token it is: it is the same wherever the token appears. "
        "The position part says where it is: first, second, third... and it is the same for every token in "
        "that place. Without it the model could not tell “the dog saw the cat” from “the cat saw the dog”. "
        "Each coloured cell is one number (blue below 0, yellow above). Shift+arrows choose another token."
    )

    def __init__(self, exploration: Exploration, parent=None) -> None:
        super().__init__(parent)
        self._exploration = exploration
        self._selection = FollowedPosition()
        self._parts = np.zeros((3, 0), np.float32)  # token, position, sum; as drawn
        self._name_texts = ("", "", "")  # the row names as drawn, re-sized by the zoom
        self._title = QLabel()
        self._title.setWordWrap(True)  # a long token name must not widen the window
        self._chart = pg.GraphicsLayoutWidget()
        self._chart.setBackground(self.palette().color(self.backgroundRole()))
        self._chart.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._sizes = QLabel()
        self._sizes.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title), layout.addWidget(self._chart, 1), layout.addWidget(self._sizes)
        foreground = self.palette().color(self.foregroundRole())
        self._names: list[pg.LabelItem] = []
        self._views: list[pg.ViewBox] = []
        self._images: list[pg.ImageItem] = []
        for row in range(3):
            self._names.append(self._chart.addLabel(row=row, col=0, justify="right", color=foreground))
            view = self._chart.addViewBox(row=row, col=1, enableMouse=False, enableMenu=False, invertY=True,
                                          defaultPadding=0.0)
            image = pg.ImageItem(axisOrder="row-major")
            view.addItem(image)
            self._views.append(view), self._images.append(image)
        self._bar = pg.ColorBarItem(values=(-1, 1), colorMap=vector_colormap(), interactive=False,
                                    colorMapMenu=False, width=14)
        self._bar.setImageItem(self._images)
        self._bar.axis.setTextPen(foreground)
        self._chart.addItem(self._bar, row=0, col=2, rowspan=3)
        self._chart.ci.layout.setColumnStretchFactor(1, 1)
        self._chart.scene().sigMouseMoved.connect(self._on_mouse_move)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("A token's vector: token part plus position part")
        self.setAccessibleDescription(self.EXPLANATION)
        self._apply_fonts()
        self._on_exploration_change("model")
        follow(self, exploration, self._on_exploration_change)

    # -- public --------------------------------------------------------------------
    def position(self) -> int:
        return self._selection.value

    def parts(self) -> np.ndarray:
        """(3, C): the token part, the position part and their sum, as drawn."""
        return self._parts.copy()

    def title(self) -> str:
        return self._title.text()

    def set_position(self, position: int) -> None:
        if self._selection.pick(position, len(self._exploration.window)):
            self._draw()
            self.positionSelected.emit(self.position())

    def move_selection(self, dx: int, dy: int) -> None:
        """Shift+arrows: ← ↑ the earlier token, → ↓ the later one."""
        self.set_position(self.position() + dx + dy)

    # -- updating --------------------------------------------------------------------
    def _apply_fonts(self) -> None:
        # Fonts only, never the engine: a hidden view's state may be behind the text (qt_subscription).
        self._title.setFont(scaled_font(self, 1.3, bold=True))
        fit_axis(self._bar.axis, scaled_font(self), sample="-0.25", label=False)
        size = f"{scaled_font(self).pointSizeF():.1f}pt"
        for label, text in zip(self._names, self._name_texts):
            label.setText(text, size=size)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if on_font_change(event):
            self._apply_fonts()

    def _on_exploration_change(self, what: str) -> None:
        if what not in TRACE_CHANGES:
            return
        if what == "prompt":
            self._selection.reset()  # a token of the old text means nothing in the new one
        self._selection.value = self._selection.after_change(len(self._exploration.window))
        self._draw()

    def _draw(self) -> None:
        ex, pos = self._exploration, self.position()
        token, place = (v.float().numpy() for v in ex.embedding_parts(pos))
        self._parts = np.ascontiguousarray(np.stack([token, place, token + place]), dtype=np.float32)
        reach = float(np.abs(self._parts).max()) or 1.0  # one symmetric scale for the three rows: 0 is pale
        for image, row in zip(self._images, self._parts):
            image.setImage(row[None, :], autoLevels=False, levels=(-reach, reach))
        self._bar.setLevels((-reach, reach))
        c = self._parts.shape[1]
        for view in self._views:
            view.setRange(xRange=(0, c), yRange=(0, 1), padding=0)
        shown, rotary = isolate(ex.displays()[pos]), ex.model.wpe is None
        self._name_texts = (f"token ‘{shown}’", "+ no position vector" if rotary else f"+ position {pos + 1}",
                            "= enters layer 1")
        self._apply_fonts()
        self._title.setText(f"How the model first reads ‘{shown}’ (token {pos + 1}): "
                            + ("its token vector only" if rotary else "token + position")
                            + self._selection.note(len(ex.window)))
        lengths = [float(np.linalg.norm(v)) for v in self._parts]
        self._sizes.setText(f"Each row is {c} numbers. " + (ROTARY if rotary else (
            f"Size of the token part {lengths[0]:.2f}, of the position part "
            f"{lengths[1]:.2f}, of the sum {lengths[2]:.2f}. The same token at another place gets another "
            "position part, so it enters the model a little differently: that is how the model knows word order.")))
        self.EXPLANATION = READ_ROTARY if rotary else type(self).EXPLANATION
        self.setAccessibleDescription(self.EXPLANATION)

    def _on_mouse_move(self, scene_pos: QPointF) -> None:
        for row, view in enumerate(self._views):
            if view.sceneBoundingRect().contains(scene_pos):
                i = int(view.mapSceneToView(scene_pos).x())
                if 0 <= i < self._parts.shape[1]:
                    t, p, s = self._parts[:, i]
                    QToolTip.showText(self._chart.mapToGlobal(self._chart.mapFromScene(scene_pos)),
                                      f"number {i + 1} of {self._parts.shape[1]}: token {t:+.3f} "
                                      f"+ position {p:+.3f} = {s:+.3f}", self._chart)
                    return
        QToolTip.hideText()
