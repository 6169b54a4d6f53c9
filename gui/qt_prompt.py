"""QtPrompt: the prompt editor, a few example prompts, and a line for messages about the input.

Typing is applied after a short pause (debounced), so the chips follow the text
without retokenising on every key. Input the model cannot use (an empty prompt)
gets a message under the editor, never a popup; the engine's own notice (a cut
prompt, characters it never saw) is shown the same way.
"""
from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets
from superqt.utils import qdebounced, signals_blocked

from .qt_subscription import follow

EXAMPLES = (  # prompts where the bundled model hesitates in instructive ways
    ("A fairy tale", "Once upon a time, there was a little girl called"),
    ("A day at the park", "One day, Mia went to the park with her dog"),
    ("A question", "User: What does Tom like?\nAssistant:"),
    ("A cat", "The little cat was very"),
    ("A sad story", "Tom lost his red ball. He was"),
)
TYPING_PAUSE_MS = 300


class _Editor(QtWidgets.QPlainTextEdit):
    """Ctrl+Enter applies at once; Escape hands the keyboard back to the window's shortcuts."""

    applyRequested = QtCore.Signal()
    leaveRequested = QtCore.Signal()

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        enter = event.key() in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter)
        if enter and event.modifiers() & QtCore.Qt.KeyboardModifier.ControlModifier:
            self.applyRequested.emit()
        elif event.key() == QtCore.Qt.Key.Key_Escape:
            self.leaveRequested.emit()
        else:
            super().keyPressEvent(event)


class QtPrompt(QtWidgets.QWidget):
    """Edits `Exploration.prompt`; a new prompt starts a new text (the generated tokens are dropped)."""

    editorLeft = QtCore.Signal()  # Escape pressed: the window gives the focus to the views

    def __init__(self, exploration, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._ex = exploration
        self.editor = _Editor(self)
        self.editor.setAccessibleName("Prompt")
        self.editor.setPlaceholderText("Type the start of a text; the model continues it.")
        self.editor.setTabChangesFocus(True)
        line = QtGui.QFontMetrics(self.editor.font()).lineSpacing()
        self.editor.setFixedHeight(3 * line + 14)
        self.examples = QtWidgets.QComboBox(self)
        self.examples.setAccessibleName("Example prompts")
        self.examples.addItem("Examples…", None)
        for name, text in EXAMPLES:
            self.examples.addItem(name, text)
        self.notice = QtWidgets.QLabel(self)
        self.notice.setObjectName("promptNotice")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Message about the prompt")
        self.notice.hide()
        label = QtWidgets.QLabel("&Prompt:", self)
        label.setBuddy(self.editor)
        top = QtWidgets.QGridLayout(self)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(label, 0, 0, QtCore.Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.editor, 0, 1)
        top.addWidget(self.examples, 0, 2, QtCore.Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.notice, 1, 1, 1, 2)
        top.setColumnStretch(1, 1)
        self._apply_later = qdebounced(self.apply, timeout=TYPING_PAUSE_MS, parent=self)
        self.editor.textChanged.connect(self._apply_later)
        self.editor.applyRequested.connect(self.apply)
        self.editor.leaveRequested.connect(self.editorLeft)
        self.examples.activated.connect(self._on_example)
        self._sync()
        follow(self, exploration, self._on_exploration_change)

    # -- engine -> view --------------------------------------------------------------------
    def _on_exploration_change(self, what: str) -> None:
        if what in ("prompt", "model"):
            self._sync()

    def _sync(self) -> None:
        if self.editor.toPlainText() != self._ex.prompt:
            with signals_blocked(self.editor):  # our own write must not come back as typing
                self.editor.setPlainText(self._ex.prompt)
            self.editor.moveCursor(QtGui.QTextCursor.MoveOperation.End)
        self.show_message(self._ex.notice, error=False)

    def show_message(self, text: str, error: bool) -> None:
        color = "#b00020" if error else "#8a5a00"
        self.notice.setText(f"<span style='color:{color}'>{'⚠ ' if text else ''}{text}</span>")
        self.notice.setVisible(bool(text))

    # -- view -> engine ----------------------------------------------------------------------
    def apply(self) -> None:
        """Give the editor's text to the engine, unless it is already the prompt."""
        from explainer.explore import PromptError

        text = self.editor.toPlainText()
        if text == self._ex.prompt:
            return
        try:
            self._ex.set_prompt(text)
        except PromptError as exc:
            self.show_message(str(exc), error=True)

    def _on_example(self, index: int) -> None:
        text = self.examples.itemData(index)
        if text:
            self.editor.setPlainText(text)
            self.apply()
        with signals_blocked(self.examples):
            self.examples.setCurrentIndex(0)
