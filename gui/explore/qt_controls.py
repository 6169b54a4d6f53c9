"""QtControls: the bar of actions under the views: Step, Greedy, Back, Play / Pause, speed,
seed, and the three sampling dials (temperature, top-k, top-p).

The buttons are the registry's actions (gui/explore/explore_actions.py), whose handlers this bar
binds, so the keys, the menu and the help overlay all do exactly what the buttons do.
Play is paced by a QTimer, one step per tick, so the window keeps answering while the
model writes. When the model ends its text (or, in a chat, starts the user's next line),
Play stops and the status line says so; Step and Greedy then say it again instead of
writing on, until Back removes the ending.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6 import QtCore, QtGui, QtWidgets
from superqt.utils import signals_blocked

from ..common.actions import ActionRegistry, key_text
from ..common.qt_flow_layout import FlowLayout
from ..common.qt_subscription import follow
from .explore_actions import EXPLORE_ACTIONS, TOP_K_LADDER


class QtControls(QtWidgets.QWidget):
    messageReported = QtCore.Signal(str)  # one line for the status bar: what just happened and why ("" clears)

    def __init__(self, exploration, parent: QtWidgets.QWidget | None = None,
                 actions: ActionRegistry | None = None) -> None:
        super().__init__(parent)
        self._ex = exploration
        self.actions = actions or ActionRegistry(EXPLORE_ACTIONS, parent=self)
        self._end_shown = False
        self.timer = QtCore.QTimer(self)
        self.timer.timeout.connect(self._on_play_tick)
        self.speed = self._spin(QtWidgets.QSpinBox(), "Play speed in tokens per second", 1, 20, 1, 4, " tokens/s",
                                ("faster", "slower"))
        self.seed = self._spin(QtWidgets.QSpinBox(), "Seed of the random draws", 0, 999_999, 1, exploration.seed,
                               keys=("next_seed",))
        self.temperature = self._spin(QtWidgets.QDoubleSpinBox(), "Temperature", 0.1, 3.0, 0.1, 1.0,
                                      keys=("hotter", "cooler"))
        self.top_k = self._spin(QtWidgets.QSpinBox(), "Top-k: keep only the k most likely tokens (0: off)",
                                0, 500, 1, 0, keys=("top_k_up", "top_k_down"))
        self.top_k.setSpecialValueText("off")
        self.top_p = self._spin(QtWidgets.QDoubleSpinBox(), "Top-p: keep the most likely tokens that add up to p",
                                0.05, 1.0, 0.05, 1.0, keys=("top_p_up", "top_p_down"))
        self.actions.bind(
            step=self.step, greedy=self.greedy, back=self.back, play=self.toggle_play,
            faster=lambda: self.speed.stepBy(1), slower=lambda: self.speed.stepBy(-1),
            hotter=lambda: self.temperature.stepBy(1), cooler=lambda: self.temperature.stepBy(-1),
            top_k_up=lambda: self._step_top_k(1), top_k_down=lambda: self._step_top_k(-1),
            top_p_up=lambda: self.top_p.stepBy(1), top_p_down=lambda: self.top_p.stepBy(-1),
            next_seed=lambda: self.seed.stepBy(1), reset_dials=self.reset_dials)
        self.step_action, self.back_action = self.actions.qaction("step"), self.actions.qaction("back")
        self.greedy_action, self.play_action = self.actions.qaction("greedy"), self.actions.qaction("play")

        # Groups that wrap together onto a second row when the bar is narrow (zoomed on a small screen).
        layout = FlowLayout(self, spacing=8)
        layout.setContentsMargins(4, 2, 4, 2)
        self.buttons = []
        writing = self._group(layout)
        for action in (self.back_action, self.step_action, self.greedy_action, self.play_action):
            button = QtWidgets.QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAccessibleName(action.text().strip("▶◀ "))
            button.setMinimumWidth(64)
            button.setFocusPolicy(QtCore.Qt.FocusPolicy.TabFocus)
            writing.addWidget(button)
            self.buttons.append(button)
        writing.addWidget(self.speed)
        for text, widget in (("seed", self.seed), ("temperature", self.temperature), ("top-k", self.top_k),
                             ("top-p", self.top_p)):
            pair = self._group(layout)
            label = QtWidgets.QLabel(text, self)
            label.setBuddy(widget)
            pair.addWidget(label)
            pair.addWidget(widget)

        self.speed.valueChanged.connect(self._on_speed_change)
        self.seed.valueChanged.connect(lambda value: self._ex.set_seed(value))
        for spin in (self.temperature, self.top_k, self.top_p):
            spin.valueChanged.connect(self._apply_settings)
        self._sync()
        self._show_play_state()
        follow(self, exploration, self._on_exploration_change)

    def _group(self, layout: FlowLayout) -> QtWidgets.QHBoxLayout:
        box = QtWidgets.QWidget(self)
        row = QtWidgets.QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        layout.addWidget(box)
        return row

    def _spin(self, spin, name: str, low, high, step, value, suffix: str = "", keys: tuple[str, ...] = ()):
        spin.setParent(self)
        spin.setRange(low, high)
        spin.setSingleStep(step)
        spin.setValue(value)
        spin.setAccessibleName(name)
        # The keys, not typing: while the app has the keys, digits switch views (see gui/common/key_router.py).
        spin.setToolTip(name + "".join(f"\n{self.actions.specs[k].help}: {key_text(self.actions.specs[k].keys)}"
                                       for k in keys) + "\nor its arrows, or the mouse wheel")
        spin.setKeyboardTracking(False)  # typing "0.5" must not pass through 0 on the way
        spin.setSuffix(suffix)
        return spin

    # -- engine -> widgets ---------------------------------------------------------------------
    def _on_exploration_change(self, what: str) -> None:
        self._sync()
        if self._end_shown and not self._ex.ended:  # Back removed the ending (or a new text began)
            self._end_shown = False
            self.messageReported.emit("")

    def _sync(self) -> None:
        ex, s = self._ex, self._ex.settings
        with signals_blocked(self.seed), signals_blocked(self.temperature), signals_blocked(self.top_k), \
                signals_blocked(self.top_p):
            self.seed.setValue(ex.seed)
            self.temperature.setValue(s.temperature)
            self.top_k.setValue(s.top_k)
            self.top_p.setValue(s.top_p)
        self.back_action.setEnabled(bool(ex.generated))

    # -- widgets -> engine ------------------------------------------------------------------
    def _apply_settings(self, *_args) -> None:
        # replace() keeps any setting these dials do not show (greedy decoding)
        self._ex.set_settings(replace(self._ex.settings, temperature=self.temperature.value(),
                                      top_k=self.top_k.value(), top_p=self.top_p.value()))

    def _step_top_k(self, direction: int) -> None:
        """K / Shift+K walk a ladder of useful values instead of 1, 2, 3... up to 500."""
        value = self.top_k.value()
        if direction > 0:
            bigger = [v for v in TOP_K_LADDER if v > value]
            self.top_k.setValue(bigger[0] if bigger else value)
        else:
            smaller = [v for v in TOP_K_LADDER if v < value]
            self.top_k.setValue(smaller[-1] if smaller else 0)

    def reset_dials(self) -> None:
        self._ex.set_settings(replace(self._ex.settings, temperature=1.0, top_k=0, top_p=1.0))

    def step(self) -> None:
        self._run(self._ex.step)

    def greedy(self) -> None:
        self._run(self._ex.greedy)

    def back(self) -> None:
        self.pause()
        if not self._ex.back():
            self.messageReported.emit("Nothing to undo: only your prompt is left.")

    def _run(self, how) -> bool:
        """One step; a failure pauses Play and is reported on the status line instead of escaping
        into Qt's event loop, where it would repeat on every tick."""
        from explainer.explore import TextEnded

        try:
            how()
        except TextEnded as exc:  # nothing was added: say why
            self.pause()
            self._report_end(str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - whatever went wrong, the window must stay usable
            self.pause()
            self.messageReported.emit(f"The model could not continue: {exc}")
            return False
        if self._ex.ended:
            self.pause()
            self._report_end(self._ex.end_message)
            return False
        return True

    def _report_end(self, message: str) -> None:
        self._end_shown = True
        self.messageReported.emit(message)

    # -- play --------------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def toggle_play(self) -> None:
        self.pause() if self.playing else self.play()

    def play(self) -> None:
        if self._ex.ended:  # nothing to play: say so rather than start and stop at once
            self._report_end(self._ex.end_message)
            self._show_play_state()
            return
        self._on_speed_change(self.speed.value())
        self.timer.start()
        self._show_play_state()

    def pause(self) -> None:
        self.timer.stop()
        self._show_play_state()

    def _show_play_state(self) -> None:
        with signals_blocked(self.play_action):
            self.play_action.setChecked(self.playing)
        self.play_action.setText("Pause ❚❚" if self.playing else "Play ▶▶")

    def _on_speed_change(self, value: int) -> None:
        self.timer.setInterval(int(1000 / max(value, 1)))

    def _on_play_tick(self) -> None:
        self._run(self._ex.step)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self.pause()
        super().closeEvent(event)
