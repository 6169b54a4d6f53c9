"""The prompt editor and bad input: a clear message or a sensible result, never a crash."""
import pytest
from PySide6 import QtCore

from gui.explore.qt_generated_text import QtGeneratedText
from gui.explore.qt_prompt import EXAMPLES, QtPrompt
from gui.explore.qt_token_chips import QtTokenChips


@pytest.fixture
def views(qtbot, exploration):
    prompt, chips, text = QtPrompt(exploration), QtTokenChips(exploration), QtGeneratedText(exploration)
    for w in (prompt, chips, text):
        qtbot.addWidget(w)
    return prompt, chips, text


def type_prompt(prompt: QtPrompt, text: str) -> None:
    prompt.editor.setPlainText(text)
    prompt.apply()  # what the typing pause does, without waiting for it


def test_an_example_prompt_replaces_the_text(views, exploration):
    prompt, chips, _ = views
    exploration.step()
    prompt.examples.activated.emit(2)
    assert exploration.prompt == EXAMPLES[1][1] and exploration.generated == []
    assert chips.canvas.labels == exploration.displays()
    assert prompt.examples.currentIndex() == 0  # ready for the next pick


def test_ctrl_enter_applies_at_once(qtbot, views, exploration):
    prompt, _, _ = views
    prompt.editor.setPlainText("Tom")
    qtbot.keyClick(prompt.editor, QtCore.Qt.Key.Key_Return, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert exploration.prompt == "Tom"


@pytest.mark.parametrize("empty", ["", "   \n\t "])
def test_an_empty_prompt_gets_a_message_and_keeps_the_old_text(views, exploration, empty):
    prompt, chips, _ = views
    tokens = list(exploration.tokens)
    type_prompt(prompt, empty)
    assert exploration.tokens == tokens
    assert not prompt.notice.isHidden() and "Type a prompt first" in prompt.notice.text()
    assert chips.canvas.labels == exploration.displays()
    type_prompt(prompt, "Tom")  # and the message goes once the prompt is usable
    assert prompt.notice.isHidden()


def test_ten_thousand_characters_are_read_through_the_window(views, exploration):
    prompt, chips, text = views
    type_prompt(prompt, "Tom liked fish. " * 625)
    block = exploration.model.config.block_size
    assert len(exploration.prompt) == 10_000 and len(exploration.window) == block
    assert "context window" in prompt.notice.text()
    assert chips.canvas.labels[0].startswith("…") and chips.canvas.labels[1:] == exploration.displays()
    exploration.step()
    assert len(text.toPlainText()) < 3000  # only the end of the prompt is shown
    assert "earlier characters" in text.toPlainText()


@pytest.mark.parametrize("odd", ["Tom 🐱 likes 🐟", "שלום Tom مرحبا", "Tom\x00\x07\x1b[31m likes\x7f fish"])
def test_emoji_right_to_left_and_control_characters_give_sensible_tokens(views, exploration, odd):
    prompt, chips, text = views
    type_prompt(prompt, odd)
    assert exploration.prompt == odd
    assert exploration.tokenizer.decode(exploration.prompt_tokens) == odd
    assert chips.canvas.labels == exploration.displays()
    for _ in range(3):
        exploration.step()
    shown = text.toPlainText()
    assert "\x00" not in shown and "\x1b" not in shown  # control characters are shown as codes, not obeyed
    if "🐱" in odd:
        assert "rarely or never saw" in prompt.notice.text()
        assert "🐱" in shown  # the split emoji is reassembled for reading


def test_the_engine_prompt_flows_back_into_the_editor(views, exploration):
    prompt, _, _ = views
    exploration.set_prompt("Mia and Max")
    assert prompt.editor.toPlainText() == "Mia and Max"
