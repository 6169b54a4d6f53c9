"""QtTrainSetup: the bar on top of the Train page. Which model size (preset), which text, how
long; Start, Pause / Resume, Stop, Reset; and what the chosen text is, with the pieces its
tokenizer cuts it into (or why a file was refused).

The buttons are the registry's actions (gui/train/train_actions.py), whose handlers the page
binds, so keys, menu and help do what the buttons do.
"""
from __future__ import annotations

import html

from PySide6 import QtCore, QtWidgets
from superqt.utils import signals_blocked

from ..common.colors import token_color
from ..common.qt_flow_layout import FlowLayout

PRESETS = (  # (preset, what a person reads, minutes by default)
    ("nano", "nano: a toy model, for trying (2 floors × 2 heads)", 1),
    ("live", "live: learns in 3 minutes, for a room (2 floors × 4 heads)", 3),
    ("base", "base: the bundled model's recipe (4 floors × 4 heads, half an hour or more)", 30),
)
WORLD_TEXT = ("The tiny world: stories, fact pages and chats written by the app's own generator, read with the "
              "shipped codebook of 2,048 tokens.")


class QtTrainSetup(QtWidgets.QWidget):
    def __init__(self, actions, corpus, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.actions, self.corpus = actions, corpus
        self.preset = QtWidgets.QComboBox(self)
        self.preset.setAccessibleName("Model size (preset)")
        for key, text, _ in PRESETS:
            self.preset.addItem(text, key)
        self.preset.setCurrentIndex(1)
        self.preset.setToolTip(f"{actions.specs['train_preset'].help} (P)")
        self.preset.currentIndexChanged.connect(self._on_preset_change)
        self.text = QtWidgets.QComboBox(self)
        self.text.setAccessibleName("Text to learn from")
        self.text.addItem("the tiny world", "")
        self.text.setToolTip("W: the tiny world · O: a text file of yours")
        self.text.activated.connect(self._on_text_chosen)
        self.minutes = QtWidgets.QSpinBox(self)
        self.minutes.setRange(1, 600)
        self.minutes.setSuffix(" min")
        self.minutes.setValue(PRESETS[1][2])
        self.minutes.setAccessibleName("How long to train, in minutes")
        self.minutes.setToolTip("How long the run learns (+ / - for a minute more or less)")
        self.minutes.setKeyboardTracking(False)
        self.buttons = {}
        layout = FlowLayout(self, spacing=8)
        layout.setContentsMargins(0, 0, 0, 0)
        for label, widget in (("model", self.preset), ("text", self.text)):
            layout.addWidget(self._pair(label, widget))
        layout.addWidget(self._button("train_text"))
        layout.addWidget(self._pair("for", self.minutes))
        row = QtWidgets.QWidget(self)
        run = QtWidgets.QHBoxLayout(row)
        run.setContentsMargins(0, 0, 0, 0)
        run.setSpacing(4)
        for action_id in ("train_start", "train_pause", "train_stop", "train_reset"):
            run.addWidget(self._button(action_id, parent=row))
        layout.addWidget(row)
        self.note = QtWidgets.QLabel(self)
        self.note.setAccessibleName("The text the model will learn")
        self.note.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.note.setWordWrap(True)
        self.note.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred)
        outer = QtWidgets.QVBoxLayout()
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        bar = QtWidgets.QWidget(self)
        bar.setLayout(layout)
        outer.addWidget(bar)
        outer.addWidget(self.note)
        self.setLayout(outer)
        corpus.changed.connect(self._on_corpus_change)
        corpus.refused.connect(self._on_refused)
        corpus.busyChanged.connect(self._on_busy)
        self._on_corpus_change()

    def _pair(self, label: str, widget: QtWidgets.QWidget) -> QtWidgets.QWidget:
        box = QtWidgets.QWidget(self)
        row = QtWidgets.QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        name = QtWidgets.QLabel(label, box)
        name.setBuddy(widget)
        row.addWidget(name)
        row.addWidget(widget)
        return box

    def _button(self, action_id: str, parent=None) -> QtWidgets.QToolButton:
        button = QtWidgets.QToolButton(parent or self)
        button.setDefaultAction(self.actions.qaction(action_id))
        button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setFocusPolicy(QtCore.Qt.FocusPolicy.TabFocus)
        button.setMinimumWidth(56)
        self.buttons[action_id] = button
        return button

    # -- values ------------------------------------------------------------------------------
    @property
    def preset_key(self) -> str:
        return self.preset.currentData()

    def set_preset(self, key: str) -> None:
        self.preset.setCurrentIndex(self.preset.findData(key))

    def next_preset(self) -> None:
        self.preset.setCurrentIndex((self.preset.currentIndex() + 1) % self.preset.count())

    def _on_preset_change(self, index: int) -> None:
        self.minutes.setValue(PRESETS[index][2])

    # -- the text ------------------------------------------------------------------------------
    def _on_text_chosen(self, index: int) -> None:
        if not self.text.itemData(index):
            self.corpus.use_world()
        elif self.corpus.file is None and self._last_file is not None:
            self.corpus.file = self._last_file
            self.corpus.changed.emit()

    _last_file = None

    def _on_corpus_change(self) -> None:
        info = self.corpus.file
        with signals_blocked(self.text):
            if info is not None:
                self._last_file = info
                if self.text.count() < 2:
                    self.text.addItem(info.name, info.path)
                self.text.setItemText(1, info.name)
                self.text.setItemData(1, info.path)
                self.text.setCurrentIndex(1)
            else:
                self.text.setCurrentIndex(0)
        if info is None:
            self.note.setText(html.escape(WORLD_TEXT))
            return
        chips = "".join(f"<span style='background-color:{token_color(i).name()}'>&nbsp;{html.escape(p)}&nbsp;</span> "
                        for i, p in enumerate(info.pieces))
        self.note.setText(
            f"<b>{html.escape(info.name)}</b>: {info.characters:,} characters, {info.train_tokens + info.val_tokens:,} "
            f"tokens. A codebook of {info.tokenizer.vocab_size:,} tokens was made for it in {info.seconds:.1f} s; it "
            f"cuts the start of the text like this: {chips}")

    def _on_refused(self, reason: str) -> None:
        self.note.setText(f"<span style='color:#b00020'><b>That file cannot be learned:</b> "
                          f"{html.escape(reason)}</span> The text stays "
                          f"{'the tiny world' if self.corpus.world else html.escape(self.corpus.file.name)}.")

    def _on_busy(self, busy: bool) -> None:
        if busy:
            self.note.setText(f"Reading {html.escape(self.corpus.loading or '')} and making a codebook for it…")
