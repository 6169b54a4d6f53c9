"""QtTimeline: the scrubber. A slider over the snapshots of the model behind the views.

Shared by every page that rewinds a model (Explore and Train now, Align later): it draws
the `TimelinePlayer` (gui/common/timeline.py), which owns the position, and the shelf, which owns
the models. Moving the slider puts that snapshot's weights behind every view; the line
beside it says which step it is and what the model wrote then, from the fixed prompt.
`compact` (the Explore page) keeps it to one row.
"""
from __future__ import annotations

import html

from PySide6 import QtCore, QtGui, QtWidgets
from superqt.utils import signals_blocked

from .timeline import describe


class QtTimelineTicks(QtWidgets.QWidget):
    """The steps written under the slider's positions: 0 10 30 100 300 1k 3k 6k."""

    def __init__(self, slider: QtWidgets.QSlider, parent=None) -> None:
        super().__init__(parent)
        self.slider, self.labels = slider, []
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Fixed)

    def set_steps(self, steps: list[int], now: bool = False) -> None:
        labels = [_short(s) for s in steps]
        if now and labels:
            labels[-1] = "now"
        if labels != self.labels:
            self.labels = labels
            self.update()

    def sizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(100, self.fontMetrics().height())

    def x_of(self, index: int) -> int:
        s = self.slider
        option = QtWidgets.QStyleOptionSlider()
        s.initStyleOption(option)
        handle = s.style().subControlRect(QtWidgets.QStyle.ComplexControl.CC_Slider, option,
                                          QtWidgets.QStyle.SubControl.SC_SliderHandle, s)
        span = s.width() - handle.width()
        pos = QtWidgets.QStyle.sliderPositionFromValue(s.minimum(), s.maximum(), index, span)
        return s.mapTo(self.parentWidget(), QtCore.QPoint(pos + handle.width() // 2, 0)).x() - self.x()

    def paintEvent(self, event) -> None:
        painter = QtGui.QPainter(self)
        metrics = self.fontMetrics()
        painter.setPen(self.palette().color(QtGui.QPalette.ColorRole.PlaceholderText))
        right = -10
        for i, text in enumerate(self.labels):
            w = metrics.horizontalAdvance(text)
            x = min(max(self.x_of(i) - w // 2, 0), self.width() - w)
            if x > right + 4:  # labels that would overlap are left out (a long run's many snapshots)
                painter.drawText(x, metrics.ascent(), text)
                right = x + w
        painter.end()


def _short(step: int) -> str:
    if step >= 1000 and step % 100 == 0:
        return f"{step / 1000:g}k"
    return str(step)


class QtTimeline(QtWidgets.QWidget):
    def __init__(self, player, actions, parent=None, compact: bool = False) -> None:
        super().__init__(parent)
        self.player, self.shelf, self.compact = player, player.shelf, compact
        self.setAccessibleName("Timeline of the model's training")
        self.model_box = QtWidgets.QComboBox(self)
        self.model_box.setAccessibleName("Which model's timeline")
        self.model_box.setToolTip(f"{actions.specs['timeline_model'].help} (M)")
        self.model_box.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.model_box.activated.connect(self._on_model_chosen)
        self.slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal, self)
        self.slider.setAccessibleName("Training step shown")
        self.slider.setTickPosition(QtWidgets.QSlider.TickPosition.TicksBelow)
        self.slider.setPageStep(1)
        self.slider.setMinimumWidth(160)
        self.slider.valueChanged.connect(self._on_slider_change)
        self.ticks = QtTimelineTicks(self.slider, self)
        self.buttons = {}
        for action_id in ("snapshot_earlier", "snapshot_later", "film") + (() if compact else ("continue_here",)):
            button = QtWidgets.QToolButton(self)
            button.setDefaultAction(actions.qaction(action_id))
            button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setFocusPolicy(QtCore.Qt.FocusPolicy.TabFocus)
            self.buttons[action_id] = button
        self.info = QtWidgets.QLabel(self)
        self.info.setAccessibleName("The snapshot shown, and what the model wrote then")
        self.info.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.info.setWordWrap(not compact)
        self.info.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred)

        slider_box = QtWidgets.QVBoxLayout()
        slider_box.setSpacing(0)
        slider_box.addWidget(self.slider)
        slider_box.addWidget(self.ticks)
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        label = QtWidgets.QLabel("Timeline:", self)
        label.setBuddy(self.slider)
        row.addWidget(label)
        if compact:
            self.model_box.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.model_box.setMinimumContentsLength(12)
        row.addWidget(self.model_box)
        row.addWidget(self.buttons["snapshot_earlier"])
        row.addLayout(slider_box, 2 if compact else 1)
        row.addWidget(self.buttons["snapshot_later"])
        row.addWidget(self.buttons["film"])
        if compact:
            row.addWidget(self.info, 5)
            outer = row
        else:
            row.addWidget(self.buttons["continue_here"])
            outer = QtWidgets.QVBoxLayout()
            outer.setContentsMargins(0, 0, 0, 0)
            outer.setSpacing(2)
            outer.addLayout(row)
            outer.addWidget(self.info)
        self.setLayout(outer)
        self._sample = ""
        self._stale = False
        player.changed.connect(self._on_player_change)
        player.filmChanged.connect(self._on_film_change)
        self.sync()

    # -- player -> widgets --------------------------------------------------------------
    def _on_player_change(self) -> None:
        # a scrubber on a page that is not in front catches up when it is shown (see showEvent)
        if self.isVisible() or not self.window().isVisible():
            self.sync()
        else:
            self._stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.sync()

    def sync(self) -> None:
        self._stale = False
        keys = [k for k, m in self.shelf.models.items() if m.points or m.latest is not None]
        titles = [self.shelf.models[k].title for k in keys]
        with signals_blocked(self.model_box), signals_blocked(self.slider):
            if [self.model_box.itemData(i) for i in range(self.model_box.count())] != keys or \
                    [self.model_box.itemText(i) for i in range(self.model_box.count())] != titles:
                self.model_box.clear()
                for key, title in zip(keys, titles):
                    self.model_box.addItem(title, key)
            self.model_box.setCurrentIndex(max(self.model_box.findData(self.shelf.shown_key), 0))
            positions = self.player.positions()
            self.slider.setRange(0, max(len(positions) - 1, 0))
            self.slider.setValue(max(self.player.index(), 0))
            self.slider.setEnabled(len(positions) > 1)
        self.ticks.set_steps([p.step for p in positions], now=bool(positions) and positions[-1].now)
        model = self.shelf.shown
        index = self.player.index()
        if model is None or index < 0:
            self.info.setText("No model yet.")
            return
        headline, sample = describe(model, positions[index])
        self._sample = sample
        self._show_info(headline, sample)

    def _show_info(self, headline: str, sample: str) -> None:
        said = f" · it wrote: <i>“{html.escape(_one_line(sample))}”</i>" if sample else ""
        if self.compact:  # one line: the step, the loss, and as much of the sample as fits (all of it in the tooltip)
            head = " · ".join(p for p in headline.split(" · ") if not p.endswith("tokens read"))
            metrics = self.info.fontMetrics()
            room = max(self.info.width() - metrics.horizontalAdvance(head + " · ") - 8, 60)
            quote = metrics.elidedText(f"“{_one_line(sample)}”", QtCore.Qt.TextElideMode.ElideRight, room)
            self.info.setText(f"<b>{html.escape(head)}</b>" + (f" · <i>{html.escape(quote)}</i>" if sample else ""))
            self.info.setToolTip(f"{headline}\n\n{sample}" if sample else headline)
        else:
            self.info.setText(f"<b>{html.escape(headline)}</b>{said}")
            self.info.setToolTip(sample)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.compact:
            self.sync()

    def _on_film_change(self, playing: bool) -> None:
        action = self.buttons["film"].defaultAction()
        with signals_blocked(action):
            action.setChecked(playing)
        action.setText("Stop the film ❚❚" if playing else "Film ▶▶")

    # -- widgets -> player ----------------------------------------------------------------
    def _on_slider_change(self, value: int) -> None:
        self.player.stop_film()
        self.player.go(value)

    def _on_model_chosen(self, index: int) -> None:
        key = self.model_box.itemData(index)
        if key:
            self.player.show_model(key)


def _one_line(text: str) -> str:
    return " ".join(text.split())
