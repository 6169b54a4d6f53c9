"""QtControls: the bar of actions under the views: Step, Greedy, Back, Play / Pause, speed,
seed, and the three sampling dials (temperature, top-k, top-p).

Every button is a QAction with a keyboard shortcut, so the main window can list the
same actions in its help overlay. Play is paced by a QTimer, one step per tick, so
the window keeps answering while the model writes.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6 import QtCore, QtGui, QtWidgets
from superqt.utils import signals_blocked

from .qt_subscription import follow


def _action(parent, text: str, keys: str, tip: str, slot) -> QtGui.QAction:
    action = QtGui.QAction(text, parent)
    action.setShortcuts([QtGui.QKeySequence(k) for k in keys.split("|")])
    action.setToolTip(f"{tip} ({keys.replace('|', ' or ')})")
    action.setStatusTip(tip)
    action.triggered.connect(slot)
    return action


class QtControls(QtWidgets.QWidget):
    messageReported = QtCore.Signal(str)  # one line for the status bar: what just happened and why

    def __init__(self, exploration, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._ex = exploration
        self.timer = QtCore.QTimer(self)
        self.timer.timeout.connect(self._on_play_tick)
        self.step_action = _action(self, "Step ▶", "Right", "Let the model write one token", self.step)
        self.greedy_action = _action(self, "Greedy", "G", "Take the most likely token", self.greedy)
        self.back_action = _action(self, "◀ Back", "Left|Backspace", "Undo the last token", self.back)
        self.play_action = _action(self, "Play", "Space", "Write token after token, or pause", self.toggle_play)
        self.play_action.setCheckable(True)
        self.faster_action = _action(self, "Faster", "+|=", "Play faster", lambda: self.speed.stepBy(1))
        self.slower_action = _action(self, "Slower", "-", "Play slower", lambda: self.speed.stepBy(-1))
        self.hotter_action = _action(self, "Hotter", "T", "Raise the temperature", lambda: self.temperature.stepBy(1))
        self.cooler_action = _action(self, "Cooler", "Shift+T", "Lower the temperature",
                                     lambda: self.temperature.stepBy(-1))
        self.seed_action = _action(self, "Next seed", "N", "Use the next seed", lambda: self.seed.stepBy(1))

        self.speed = self._spin(QtWidgets.QSpinBox(), "Play speed in tokens per second", 1, 20, 1, 4, " tokens/s")
        self.seed = self._spin(QtWidgets.QSpinBox(), "Seed of the random draws", 0, 999_999, 1, exploration.seed)
        self.temperature = self._spin(QtWidgets.QDoubleSpinBox(), "Temperature", 0.1, 3.0, 0.1, 1.0)
        self.top_k = self._spin(QtWidgets.QSpinBox(), "Top-k: keep only the k most likely tokens (0: off)",
                                0, 500, 1, 0)
        self.top_k.setSpecialValueText("off")
        self.top_p = self._spin(QtWidgets.QDoubleSpinBox(), "Top-p: keep the most likely tokens that add up to p",
                                0.05, 1.0, 0.05, 1.0)

        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        for action in (self.back_action, self.step_action, self.greedy_action, self.play_action):
            button = QtWidgets.QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setAccessibleName(action.text().strip("▶◀ "))
            button.setMinimumWidth(72)
            layout.addWidget(button)
        layout.addWidget(self.speed)
        layout.addSpacing(16)
        for text, widget in (("seed", self.seed), ("temperature", self.temperature), ("top-k", self.top_k),
                             ("top-p", self.top_p)):
            label = QtWidgets.QLabel(text, self)
            label.setBuddy(widget)
            layout.addWidget(label)
            layout.addWidget(widget)
        layout.addStretch(1)
        for action in (self.faster_action, self.slower_action, self.hotter_action, self.cooler_action,
                       self.seed_action):
            self.addAction(action)  # shortcuts without buttons of their own

        self.speed.valueChanged.connect(self._on_speed_change)
        self.seed.valueChanged.connect(lambda value: self._ex.set_seed(value))
        for spin in (self.temperature, self.top_k, self.top_p):
            spin.valueChanged.connect(self._apply_settings)
        self._sync()
        self._show_play_state()
        follow(self, exploration, self._on_exploration_change)

    def _spin(self, spin, name: str, low, high, step, value, suffix: str = ""):
        spin.setParent(self)
        spin.setRange(low, high)
        spin.setSingleStep(step)
        spin.setValue(value)
        spin.setAccessibleName(name)
        spin.setToolTip(name)
        spin.setKeyboardTracking(False)  # typing "0.5" must not pass through 0 on the way
        spin.setSuffix(suffix)
        return spin

    def actions_for_help(self) -> list[tuple[str, QtGui.QAction]]:
        """(name, action) in the order the help overlay lists them."""
        return [("Step", self.step_action), ("Back", self.back_action), ("Greedy", self.greedy_action),
                ("Play / Pause", self.play_action), ("Faster", self.faster_action), ("Slower", self.slower_action),
                ("Hotter", self.hotter_action), ("Cooler", self.cooler_action), ("Next seed", self.seed_action)]

    # -- engine -> widgets ---------------------------------------------------------------------
    def _on_exploration_change(self, what: str) -> None:
        self._sync()

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
        try:
            g = how()
        except Exception as exc:  # noqa: BLE001 - whatever went wrong, the window must stay usable
            self.pause()
            self.messageReported.emit(f"The model could not continue: {exc}")
            return False
        if g.token == self._ex.tokenizer.eot_id:
            self.pause()
            self.messageReported.emit("The model ended its text (it wrote the end-of-text token). Back undoes it.")
            return False
        return True

    # -- play --------------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def toggle_play(self) -> None:
        self.pause() if self.playing else self.play()

    def play(self) -> None:
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
