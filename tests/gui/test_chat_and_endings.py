"""Chat mode sends exactly the chat tokens and says what the audience sees; the end of a text is
called the same everywhere and stops Step with a reason; a new prompt forgets old selections."""
import pytest

from gui.explore.qt_prompt import CHAT_EXAMPLES, CHAT_NOTE

from .driving import Key, Mod, press


def chat_tokens(tokenizer, question: str) -> list[int]:
    """The chat format built from its parts, not through Tokenizer.encode_chat."""
    return [tokenizer.user_id] + tokenizer.encode(" " + question + "\n") + [tokenizer.assistant_id]


def type_into_prompt(qtbot, window, text: str) -> None:
    press(qtbot, Key.Key_L, Mod.ControlModifier)
    window.prompt.editor.selectAll()
    qtbot.keyClicks(window.prompt.editor, text)
    press(qtbot, Key.Key_Escape)  # leaving the box uses the text at once


def test_chat_mode_sends_exactly_the_chat_tokens(qtbot, window, exploration):
    tok = exploration.tokenizer
    press(qtbot, Key.Key_C)
    assert exploration.chat and window.prompt.chat_button.isChecked() and not window.prompt.text_button.isChecked()
    type_into_prompt(qtbot, window, "What does Tom like?")
    assert exploration.prompt_tokens == chat_tokens(tok, "What does Tom like?")
    assert exploration.prompt == "User: What does Tom like?\nAssistant:"
    assert window.chips.canvas.labels[0] == tok.display(tok.user_id) == "User:"
    assert window.chips.canvas.labels[-1] == "Assistant:"
    assert window.prompt.chat_note.isVisible() and "no real facts" in CHAT_NOTE
    assert "before alignment" in window.explanation.toPlainText()  # the panel says what we are looking at
    press(qtbot, Key.Key_C)  # back to Text: its own last text comes back
    assert not exploration.chat and exploration.prompt == "Once upon a time, Tom"
    assert not window.prompt.chat_note.isVisible()
    assert "before alignment" not in window.explanation.toPlainText()


def test_typed_role_words_stay_plain_text_in_text_mode(qtbot, window, exploration):
    tok = exploration.tokenizer
    type_into_prompt(qtbot, window, "User: hello")
    assert not exploration.chat
    assert tok.user_id not in exploration.prompt_tokens
    assert exploration.prompt_tokens == tok.encode("User: hello")


def test_chat_examples_include_a_fact_a_rude_and_a_harmful_question(qtbot, window, exploration):
    press(qtbot, Key.Key_C)
    names = [window.prompt.examples.itemText(i) for i in range(1, window.prompt.examples.count())]
    assert names == [name for name, _ in CHAT_EXAMPLES]
    assert any("real-world fact" in n for n in names) and any("rude" in n for n in names)
    assert any("harmful" in n for n in names)
    window.prompt.examples.activated.emit(4)
    assert exploration.chat_question == CHAT_EXAMPLES[3][1]
    assert exploration.prompt_tokens == chat_tokens(exploration.tokenizer, CHAT_EXAMPLES[3][1])


def test_step_after_the_end_of_text_adds_nothing_and_says_why(qtbot, window, exploration):
    tok = exploration.tokenizer
    exploration.choose(tok.eot_id)
    tokens = list(exploration.tokens)
    press(qtbot, Key.Key_Right)
    press(qtbot, Key.Key_G)
    assert exploration.tokens == tokens  # nothing written after the end
    assert exploration.ended and window.status() == exploration.end_message != ""
    assert "[end of text]" in window.status()
    # one name for the end everywhere: the text, the chips and the bars
    assert window.generated.pieces[-1].strip() == tok.display(tok.eot_id) == "[end of text]"
    assert window.chips.canvas.labels[-1] == "[end of text]"
    assert "Ended" in window.views.views["next"].title.text()
    press(qtbot, Key.Key_Left)  # Back removes the end and the message
    assert exploration.tokens == tokens[:-1] and window.status() == ""
    press(qtbot, Key.Key_Right)
    assert len(exploration.tokens) == len(tokens)


def test_play_stops_at_the_users_next_line_in_a_chat(qtbot, window, exploration):
    tok = exploration.tokenizer
    press(qtbot, Key.Key_C)
    exploration.choose(tok.encode(" Tom")[0])
    exploration.choose(tok.user_id)  # the model starting the user's side of the chat ends its answer
    press(qtbot, Key.Key_Space)
    assert not window.controls.playing  # nothing to play
    assert "User:" in window.status() and window.status() == exploration.end_message
    view = window.views.views["next"]
    view.choose(0)  # a click on a bar is refused too, with the reason
    assert exploration.generated[-1].token == tok.user_id and window.status() == exploration.end_message


def test_a_new_prompt_clears_the_selections_made_on_the_old_text(qtbot, window, exploration):
    for _ in range(4):
        exploration.step()
    views = window.views.views
    views["head"].set_query(1)
    views["lens"].set_position(1)
    views["neurons"].set_position(1)
    views["embed"].set_position(1)
    views["next"].move_selection(0, 2)
    assert views["head"].query() == 1 and "not the newest" in views["head"]._title.text()
    type_into_prompt(qtbot, window, "Mia and Max went to the park and played all day")
    last = len(exploration.window) - 1
    for key in ("head", "lens", "neurons", "embed"):
        window.views.show_view(key)  # a hidden view catches up when shown
        view = views[key]
        assert (view.query() if key == "head" else view.position()) == last, key
    assert views["head"].lines_view().query() == last
    assert views["next"].selected == 0 and not views["next"].selection_shown
    assert "not the newest" not in views["head"]._title.text()


def test_the_text_and_the_chips_keep_the_newest_token_in_sight(qtbot, window, exploration):
    window.resize(900, 600)
    scroll = window.chips.scroll
    heights = set()
    for _ in range(60):
        press(qtbot, Key.Key_Right)
        heights.add(scroll.height())
        bar = window.generated.browser.verticalScrollBar()
        assert bar.value() == bar.maximum()
        chips_bar = scroll.verticalScrollBar()
        assert chips_bar.value() == chips_bar.maximum()
    assert window.generated.browser.verticalScrollBar().maximum() > 0  # it did have to scroll
    assert scroll.verticalScrollBar().maximum() > 0
    assert len(heights) == 1  # the chips wrapped onto new rows without moving the layout below


@pytest.mark.parametrize("settings", [dict(temperature=0.7, top_k=3), dict(temperature=1.4, top_p=0.5),
                                      dict(temperature=1.0)])
def test_the_bars_show_what_step_draws_from(window, exploration, settings):
    from explainer import SamplerSettings
    from explainer.sampling import filter_distribution, rank_tokens

    exploration.set_settings(SamplerSettings(**settings))
    view = window.views.views["next"]
    logits = exploration.trace().logits[-1]
    model_p, temp_p, _, final_p, kept = filter_distribution(logits, exploration.settings)
    top = rank_tokens(logits)[:10].tolist()
    expected = [float(final_p[t]) if kept[t] else float(temp_p[t]) for t in top]
    assert view.candidates[0].token == top[0]
    assert list(view.bars.opts["width"][:10]) == pytest.approx(expected, abs=1e-6)
    if settings.get("top_k"):  # three tokens kept: the bars hold all that Step can draw
        assert sum(float(final_p[t]) for t in top if kept[t]) == pytest.approx(1.0, abs=1e-5)
    if settings.get("top_k") or settings.get("top_p"):
        assert [bool(kept[t]) for t in top] == sorted((bool(kept[t]) for t in top), reverse=True)  # cut from the bottom
        assert view.outline.isVisible()
        assert list(view.outline.opts["width"][:10]) == pytest.approx([float(model_p[t]) for t in top], abs=1e-6)
    cut = [i for i, t in enumerate(top) if not kept[t]]
    for i in cut:
        assert view.labels[i].toPlainText() == f"cut by {view.candidates[i].cut_by}"
        assert view.bars.opts["brushes"][i].name() != view.bars.opts["brushes"][0].name()
    assert "what Step draws from" in view.legend.text()
    tip = view.tooltip(0)
    assert "model's own chance" in tip and "after temperature" in tip and "what Step draws from" in tip
    assert view.plot.getPlotItem().getViewBox().viewRange()[0][1] <= 1.0  # the axis never runs past 100%
