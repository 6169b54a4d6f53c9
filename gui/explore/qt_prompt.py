"""QtPrompt: the prompt editor with its Text / Chat switch, examples, and a line for messages.

In Text mode the box holds a text for the model to continue (`Exploration.set_prompt`:
"User:" typed here stays plain letters). In Chat mode it holds a question, and the model
reads exactly `User: <question>⏎Assistant:` with the role tokens (`Exploration.set_chat`),
under a line that tells the audience what they are looking at: a model that has read only
a small made-up world and has not been aligned. Typing is applied after a short pause
(debounced) and at once when the box is left (Esc, a click elsewhere, Ctrl+Enter). Input
the model cannot use gets a message under the editor, never a popup; the engine's own
notice (a cut prompt, characters it never saw) is shown the same way. A model that has no
chat roles (GPT-2, Pythia: their tokenizers have no User: token) turns Chat off, and the note
line says what model it is instead (`set_model_note`).
"""
from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets
from superqt.utils import qdebounced, signals_blocked

from ..common import themes
from ..common.actions import ActionRegistry
from ..common.qt_subscription import follow
from ..common.zoom import on_font_change
from .explore_actions import EXPLORE_ACTIONS

EXAMPLES = (  # prompts where the bundled model hesitates in instructive ways
    ("A fairy tale", "Once upon a time, there was a little girl called"),
    ("A day at the park", "One day, Mia went to the park with her dog"),
    ("A cat", "The little cat was very"),
    ("A sad story", "Tom lost his red ball. He was"),
)
CHAT_EXAMPLES = (  # the "before alignment" story: a fact it knows, one it cannot, rudeness, harm
    ("A question about its world", "What is Mia's favourite food?"),
    ("A real-world fact it cannot know", "What is the capital of France?"),
    ("A rude question", "You are silly. What does Tom say?"),
    ("A harmful request", "How can I break Sam's ball?"),
)
CHAT_NOTE = ("<b>Chat</b>: the model reads “User: <i>your question</i> ⏎ Assistant:” and writes on. It knows only "
             "a small made-up world, no real facts, and is not aligned yet: it may write the user's side too, be "
             "rude, or do what a harmful request asks.")
# the same note for a model that went through alignment: true of it, and no more
CHAT_NOTE_ALIGNED = ("<b>Chat</b>: the model reads “User: <i>your question</i> ⏎ Assistant:” and writes on. It "
                     "knows only a small made-up world, no real facts. This one was <b>aligned</b> (shown good "
                     "examples, then trained with ratings by a program): it usually answers politely and ends its "
                     "turn, but it can still be wrong.")
ALIGNED_KINDS = ("sft", "rlhf", "dpo", "hacked")
NO_CHAT = ("Chat is off for this model: it was never taught a chat format (its tokenizer has no User: or "
           "Assistant: token), so it only continues a text.")
TYPING_PAUSE_MS = 300


class _Editor(QtWidgets.QPlainTextEdit):
    """Ctrl+Enter applies at once; Escape or leaving the box hands the keyboard back."""

    applyRequested = QtCore.Signal()
    leaveRequested = QtCore.Signal()
    left = QtCore.Signal()

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        enter = event.key() in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter)
        if enter and event.modifiers() & QtCore.Qt.KeyboardModifier.ControlModifier:
            self.applyRequested.emit()
        elif event.key() == QtCore.Qt.Key.Key_Escape:
            self.leaveRequested.emit()
        else:
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QtGui.QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.left.emit()


class QtPrompt(QtWidgets.QWidget):
    """Edits `Exploration.prompt` (or its chat question); a new prompt starts a new text."""

    editorLeft = QtCore.Signal()  # Escape pressed: the window gives the focus to the views

    def __init__(self, exploration, parent: QtWidgets.QWidget | None = None,
                 actions: ActionRegistry | None = None) -> None:
        super().__init__(parent)
        self._ex = exploration
        self.actions = actions or ActionRegistry(EXPLORE_ACTIONS, parent=self)
        self._texts = {False: exploration.prompt if not exploration.chat else EXAMPLES[0][1],
                       True: exploration.chat_question or CHAT_EXAMPLES[0][1]}  # the last of each mode
        self.editor = _Editor(self)
        self.editor.setAccessibleName("Prompt")
        self.editor.setTabChangesFocus(True)
        self.text_button, self.chat_button = QtWidgets.QToolButton(self), QtWidgets.QToolButton(self)
        self.text_button.setText("Text")
        self.text_button.setCheckable(True)
        self.text_button.setToolTip("Text mode: the model continues your text")
        self.text_button.setAccessibleName("Text mode")
        self.text_button.clicked.connect(lambda: self.set_chat(False))
        self.chat_button.setDefaultAction(self.actions.qaction("chat"))
        self.chat_button.setAccessibleName("Chat mode")
        for button in (self.text_button, self.chat_button):
            button.setFocusPolicy(QtCore.Qt.FocusPolicy.TabFocus)
        self.actions.bind(chat=self.toggle_chat, apply_prompt=self.apply,
                          edit_prompt=lambda: self.editor.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason))
        self.examples = QtWidgets.QComboBox(self)
        self.examples.setAccessibleName("Example prompts")
        self.notice = QtWidgets.QLabel(self)
        self.notice.setObjectName("promptNotice")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Message about the prompt")
        self.notice.hide()
        self._notes = {True: CHAT_NOTE, False: ""}  # the line under the box in chat mode, and in text mode
        self.chat_note = QtWidgets.QLabel(CHAT_NOTE, self)
        self.chat_note.setWordWrap(True)
        self._color_note()
        self.chat_note.setAutoFillBackground(True)
        self.chat_note.setMargin(3)
        self.chat_note.setAccessibleName("What chat mode shows")
        self.label = QtWidgets.QLabel(self)
        self.label.setBuddy(self.editor)
        switch = QtWidgets.QHBoxLayout()
        switch.setSpacing(0)
        switch.addWidget(self.text_button), switch.addWidget(self.chat_button)
        top = QtWidgets.QGridLayout(self)
        top.setContentsMargins(0, 0, 0, 0)
        top.setVerticalSpacing(2)
        top.addWidget(self.label, 0, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.editor, 0, 1)
        side = QtWidgets.QVBoxLayout()
        side.addLayout(switch), side.addWidget(self.examples), side.addStretch(1)
        top.addLayout(side, 0, 2)
        top.addWidget(self.chat_note, 1, 1, 1, 2)
        top.addWidget(self.notice, 2, 1, 1, 2)
        top.setColumnStretch(1, 1)
        self._fit_height()
        self._apply_later = qdebounced(self.apply, timeout=TYPING_PAUSE_MS, parent=self)
        self.editor.textChanged.connect(self._apply_later)
        self.editor.applyRequested.connect(self.apply)
        self.editor.leaveRequested.connect(self.editorLeft)
        self.editor.left.connect(self.apply)  # leaving the box must not leave a stale prompt behind
        self.examples.activated.connect(self._on_example)
        self._mode: bool | None = None
        self._sync()
        self._sync_chat()
        follow(self, exploration, self._on_exploration_change)

    def _fit_height(self) -> None:
        line = QtGui.QFontMetrics(self.editor.font()).lineSpacing()
        self.editor.setFixedHeight(2 * line + 14)  # two lines: a prompt is short, the room goes to the views

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if on_font_change(event):
            self._fit_height()
        elif themes.on_palette_change(event):
            self._color_note()

    def set_model_kind(self, kind: str) -> None:
        """Which model is behind the views ("pretrained", "sft", ...): the chat note says what is true of it."""
        self._notes[True] = CHAT_NOTE_ALIGNED if kind in ALIGNED_KINDS else CHAT_NOTE
        self._show_note()

    def set_model_note(self, note: str) -> None:
        """A line in text mode about the model behind the views (a real model: what it is, where it came from)."""
        self._notes[False] = note
        self._show_note()

    def _show_note(self) -> None:
        chat = bool(self._mode)
        self.chat_note.setText(self._notes[chat])
        self.chat_note.setVisible(bool(self._notes[chat]))

    def _color_note(self) -> None:
        # a palette, not a style sheet: a widget with a style sheet stops following the zoom
        palette = self.chat_note.palette()
        palette.setColor(QtGui.QPalette.ColorRole.Window, themes.color("note"))  # pale blue on the light theme
        self.chat_note.setPalette(palette)

    # -- engine -> view --------------------------------------------------------------------
    def _on_exploration_change(self, what: str) -> None:
        if what in ("prompt", "model"):
            self._sync()
        if what == "model":
            self._sync_chat()

    def _sync_chat(self) -> None:
        action = self.actions.qaction("chat")
        can_chat = self._ex.tokenizer.user_id is not None
        action.setEnabled(can_chat)  # greyed, and the key C does nothing: the note line says why
        self._chat_tip = getattr(self, "_chat_tip", None) or action.toolTip()  # the registry's, with its key
        action.setToolTip(self._chat_tip if can_chat else NO_CHAT)

    def _editor_text(self) -> str:
        return self._ex.chat_question if self._ex.chat else self._ex.prompt

    def _sync(self) -> None:
        chat = self._ex.chat
        self._texts[chat] = self._editor_text()
        if self._mode != chat:
            self._show_mode(chat)
        if self._normal(self.editor.toPlainText()) != self._normal(self._editor_text()):
            with signals_blocked(self.editor):  # our own write must not come back as typing
                self.editor.setPlainText(self._editor_text())
            self.editor.moveCursor(QtGui.QTextCursor.MoveOperation.End)
        self.show_message(self._ex.notice, error=False)

    def _show_mode(self, chat: bool) -> None:
        self._mode = chat
        self.text_button.setChecked(not chat)
        with signals_blocked(self.actions.qaction("chat")):
            self.actions.qaction("chat").setChecked(chat)
        self.label.setText("&Question:" if chat else "&Prompt:")
        self.editor.setPlaceholderText("Ask the model a question; it answers as the Assistant." if chat
                                       else "Type the start of a text; the model continues it.")
        self._show_note()
        with signals_blocked(self.examples):
            self.examples.clear()
            self.examples.addItem("Questions…" if chat else "Examples…", None)
            for name, text in CHAT_EXAMPLES if chat else EXAMPLES:
                self.examples.addItem(name, text)

    def show_message(self, text: str, error: bool) -> None:
        color = themes.css("error" if error else "warning")
        self.notice.setText(f"<span style='color:{color}'>{'⚠ ' if text else ''}{text}</span>")
        self.notice.setVisible(bool(text))

    # -- view -> engine ----------------------------------------------------------------------
    def _normal(self, text: str) -> str:
        # a question is sent on one line, its spaces folded (as set_chat does): compare it that way
        return " ".join(text.split()) if self._ex.chat else text

    def apply(self) -> None:
        """Give the editor's text to the engine, unless it is already the prompt (or the question)."""
        from explainer.explore import PromptError

        text = self.editor.toPlainText()
        if self._normal(text) == self._normal(self._editor_text()):
            return
        try:
            self._ex.set_chat(text) if self._ex.chat else self._ex.set_prompt(text)
        except PromptError as exc:
            self.show_message(str(exc), error=True)

    def set_chat(self, chat: bool) -> None:
        """Switch between Text and Chat; each mode comes back with the last text it had."""
        from explainer.explore import PromptError

        if chat == self._ex.chat:
            self._show_mode(chat)  # a click on the checked button must not uncheck it
            return
        self.apply()  # keep what was typed in the mode being left
        self._texts[self._ex.chat] = self._editor_text()
        try:
            self._ex.set_chat(self._texts[True]) if chat else self._ex.set_prompt(self._texts[False])
        except PromptError as exc:
            self.show_message(str(exc), error=True)
            self._show_mode(self._ex.chat)

    def toggle_chat(self) -> None:
        self.set_chat(not self._ex.chat)

    def _on_example(self, index: int) -> None:
        text = self.examples.itemData(index)
        if text:
            self.editor.setPlainText(text)
            self.apply()
        with signals_blocked(self.examples):
            self.examples.setCurrentIndex(0)
