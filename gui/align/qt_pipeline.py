"""QtPipeline: the alignment pipeline as a row of cards, base → SFT → reward model → RLHF, with
DPO beside them as the other road. Each trainable card has Run, Pause, Stop and "bundled"
buttons; there is one worker, so only the card that runs can pause or stop, and the others
say why they wait. The page owns the state; this view only shows it and reports clicks.
"""
from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from ..common import themes
from ..common.qt_flow_layout import FlowLayout
from .stages import STEPS, TRAINABLE

SPOKEN = {"run": "Run", "pause": "Pause", "stop": "Stop", "bundled": "Use the bundled model"}
PLAIN = "QFrame#stepCard { border: 1px solid #aaaaaa; border-radius: 6px; }"


def _selected_style() -> str:
    # the theme's focus blue around a pale (light theme) or deep (dark themes) blue: its text stays readable
    return (f"QFrame#stepCard {{ border: 2px solid {themes.css('focus')}; border-radius: 6px; "
            f"background: {themes.css('note')}; }}")


class _Card(QtWidgets.QFrame):
    clicked = QtCore.Signal()

    def __init__(self, step, parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("stepCard")
        self.step = step
        self.title = QtWidgets.QLabel(f"<b>{step.title}</b>", self)
        self.title.setWordWrap(True)
        self.status = QtWidgets.QLabel(step.short, self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(f"State of {step.title}")
        for label in (self.title, self.status):  # a wrapped label asks for more width than its longest word
            label.setMinimumWidth(80)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.status, 1)
        self.buttons: dict[str, QtWidgets.QToolButton] = {}
        if step.key in TRAINABLE:
            # the buttons wrap onto a second line when a card is narrow (five cards at a room's
            # 11-point font would otherwise make the page wider than a 1280-pixel projector)
            row = FlowLayout(spacing=2)
            for name, text in (("run", "Run ▶"), ("pause", "❚❚"), ("stop", "■"), ("bundled", "Bundled")):
                button = QtWidgets.QToolButton(self)
                button.setText(text)
                button.setAccessibleName(f"{SPOKEN[name]}: {step.title}")  # a screen reader cannot say ❚❚ or ■
                button.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # the keys are the page's (S, Space, X, B)
                row.addWidget(button)
                self.buttons[name] = button
            self.buttons["pause"].setToolTip("Pause or resume (Space)")
            self.buttons["stop"].setToolTip("Stop after this update and save (X)")
            self.buttons["run"].setToolTip("Train this step here, live (S)")
            self.buttons["bundled"].setToolTip("Use the model this step made when the app was built (B)")
            layout.addLayout(row)

    def mousePressEvent(self, event) -> None:
        self.clicked.emit()
        super().mousePressEvent(event)


class QtPipeline(QtWidgets.QWidget):
    selected = QtCore.Signal(str)  # a step's key, chosen by a click
    pressed = QtCore.Signal(str, str)  # (step key, "run" | "pause" | "stop" | "bundled")

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("The steps of alignment")
        self.cards: dict[str, _Card] = {}
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for step in STEPS:
            if step.key == "dpo":
                road = QtWidgets.QLabel("or", self)
                layout.addWidget(road)
            elif step.key != "base":
                layout.addWidget(QtWidgets.QLabel("→", self))
            card = _Card(step, self)
            card.clicked.connect(lambda key=step.key: self.selected.emit(key))
            for name, button in card.buttons.items():
                button.clicked.connect(lambda _=False, key=step.key, n=name: self.pressed.emit(key, n))
            layout.addWidget(card, 1)
            self.cards[step.key] = card
        self.select("sft")

    def select(self, key: str) -> None:
        self._selected = key
        for k, card in self.cards.items():
            card.setStyleSheet(_selected_style() if k == key else PLAIN)

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if themes.on_palette_change(event) and hasattr(self, "_selected"):
            self.select(self._selected)

    def set_status(self, key: str, text: str) -> None:
        self.cards[key].status.setText(text)

    def set_worker_state(self, running_key: str | None, state: str, bundled: dict[str, bool]) -> None:
        """Run on every card while the worker is idle; pause and stop on the running card only."""
        idle = state == "idle"
        for key, card in self.cards.items():
            if not card.buttons:
                continue
            mine = key == running_key and not idle
            card.buttons["run"].setEnabled(idle)
            card.buttons["run"].setToolTip("Train this step here, live (S)" if idle else
                                           "One run at a time: stop the one that runs first (X)")
            card.buttons["pause"].setEnabled(mine and state in ("running", "paused"))
            card.buttons["pause"].setText("▶" if mine and state == "paused" else "❚❚")
            card.buttons["pause"].setAccessibleName(f"{'Resume' if mine and state == 'paused' else 'Pause'}: "
                                                    f"{card.step.title}")
            card.buttons["stop"].setEnabled(mine and state in ("starting", "running", "paused"))
            card.buttons["bundled"].setEnabled(bundled.get(key, False))
