"""The Explore window, driven as a person would: keys, clicks, typing; checked against the engine."""
import numpy as np
import pytest
from PySide6 import QtCore, QtWidgets

from gui.common.qt_main_window import QtMainWindow

Key = QtCore.Qt.Key
Shift = QtCore.Qt.KeyboardModifier.ShiftModifier


def bar_widths(w) -> list[float]:
    view = w.views.views["next"]
    return list(view.bars.opts["width"][: len(view.candidates)])


def engine_shown(ex) -> list[float]:
    """What each bar must be, from the engine alone: what Step draws from, or for a cut token its chance before the cut."""
    return [c.final_prob if c.kept else c.shown_prob for c in ex.candidates(10)]


def test_window_shows_every_part_and_the_engine_state(window, exploration):
    assert window.views.count() == 6
    assert window.chips.canvas.labels == exploration.displays()
    assert window.prompt.editor.toPlainText() == exploration.prompt
    assert bar_widths(window) == pytest.approx(engine_shown(exploration))
    assert "not from a file" in window.model_label.text() and "2 layers" in window.model_label.text()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["Write", "Dials", "Prompt", "View", "Timeline", "Pages", "Talk", "Window"]  # from the registry


def test_typing_updates_the_tokens(qtbot, window, exploration):
    window.prompt.editor.clear()
    qtbot.keyClicks(window.prompt.editor, "The cat")
    qtbot.waitUntil(lambda: exploration.prompt == "The cat")
    assert exploration.prompt_tokens == exploration.tokenizer.encode("The cat")
    assert window.chips.canvas.labels == exploration.displays()
    assert bar_widths(window) == pytest.approx(engine_shown(exploration))


def test_right_arrow_steps_and_redraws_the_bars(qtbot, window, exploration):
    before_tokens, before_bars = list(exploration.tokens), bar_widths(window)
    qtbot.keyClick(window, Key.Key_Right)
    assert len(exploration.tokens) == len(before_tokens) + 1
    assert exploration.generated[-1].how == "sample"
    assert bar_widths(window) == pytest.approx(engine_shown(exploration))
    assert bar_widths(window) != pytest.approx(before_bars)
    assert window.chips.canvas.labels == exploration.displays()
    assert window.generated.pieces == window.generated.generated_pieces() and len(window.generated.pieces) == 1


def test_greedy_key_takes_the_top_bar(qtbot, window, exploration):
    top = window.views.views["next"].candidates[0].token
    qtbot.keyClick(window, Key.Key_G)
    assert exploration.generated[-1].token == top and exploration.generated[-1].how == "greedy"


def test_back_restores_the_previous_state(qtbot, window, exploration):
    tokens, bars, html = list(exploration.tokens), bar_widths(window), window.generated.toHtml()
    qtbot.keyClick(window, Key.Key_Right)
    qtbot.keyClick(window, Key.Key_Right)
    qtbot.keyClick(window, Key.Key_Left)
    qtbot.keyClick(window, Key.Key_Left)
    assert exploration.tokens == tokens
    assert bar_widths(window) == pytest.approx(bars)
    assert window.generated.toHtml() == html
    assert not window.controls.back_action.isEnabled()


def test_clicking_a_bar_appends_exactly_that_token(qtbot, window, exploration):
    view = window.views.views["next"]
    wanted = view.candidates[3].token
    qtbot.mouseClick(view.plot.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=view.bar_center(3))
    assert exploration.generated[-1].token == wanted
    assert exploration.generated[-1].how == "chosen"


def test_keyboard_chooses_a_bar(qtbot, window, exploration):
    view = window.views.views["next"]
    qtbot.keyClick(window.views.tabBar(), Key.Key_Down, Shift)
    qtbot.keyClick(window.views.tabBar(), Key.Key_Right, Shift)
    assert view.selected == 2 and view.selection_shown
    wanted = view.candidates[2].token
    qtbot.keyClick(window.views.tabBar(), Key.Key_Return)
    assert exploration.generated[-1].token == wanted and exploration.generated[-1].how == "chosen"


def test_temperature_changes_the_distribution_as_the_engine_computes_it(window, exploration):
    before = bar_widths(window)
    window.controls.temperature.setValue(0.5)
    assert exploration.settings.temperature == pytest.approx(0.5)
    assert bar_widths(window) == pytest.approx(engine_shown(exploration))
    assert bar_widths(window)[0] > before[0]  # a colder model favours its favourite more
    assert window.views.views["next"].outline.isVisible()


def test_filters_grey_out_the_tokens_they_cut(window, exploration):
    window.controls.top_k.setValue(3)
    view = window.views.views["next"]
    kept = [c.kept for c in exploration.candidates(10)]
    assert kept[:3] == [True] * 3 and not any(kept[3:])
    brushes = view.bars.opts["brushes"]
    assert [b.name() for b in brushes[:3]] != [b.name() for b in brushes[3:6]]
    assert view.candidates[3].cut_by == "top-k" and "cut by top-k" in view.labels[3].textItem.toPlainText()
    assert "cut by top-k" in view.tooltip(3)


def test_engine_settings_flow_back_to_the_controls(window, exploration):
    from explainer import SamplerSettings
    exploration.set_settings(SamplerSettings(temperature=1.5, top_k=7, top_p=0.8))
    exploration.set_seed(42)
    c = window.controls
    assert (c.temperature.value(), c.top_k.value(), c.top_p.value(), c.seed.value()) == (1.5, 7, 0.8, 42)


def test_space_plays_and_pauses(qtbot, window, exploration):
    window.controls.speed.setValue(20)
    qtbot.keyClick(window, Key.Key_Space)
    assert window.controls.playing
    qtbot.waitUntil(lambda: len(exploration.generated) >= 3, timeout=3000)
    qtbot.keyClick(window, Key.Key_Space)
    assert not window.controls.playing
    count = len(exploration.generated)
    qtbot.wait(100)  # a paused timer must not add anything
    assert len(exploration.generated) == count


def test_number_keys_switch_views_and_the_explanation_follows(qtbot, window):
    titles = []
    for number, key in enumerate(window.views.keys, start=1):
        qtbot.keyClick(window, getattr(Key, f"Key_{number}"))
        assert window.views.current_key == key
        titles.append(window.explanation.current.title)
    assert len(set(titles)) == 6
    assert "guessing game" in titles[0] and "looks back" in titles[1] and "floors" in titles[3]
    assert "enhancer" in titles[4] and "position" in titles[5]


def test_help_overlay_lists_every_key_of_the_registry(qtbot, window):
    qtbot.keyClick(window, Key.Key_F1)
    assert window.help.isVisible()
    text = window.help.card.text()
    for words in ("Step", "Undo the last token", "Switch view", "→ or Page Down", "Space", "Play", "Shift+→",
                  "Move the selection", "Ctrl+=", "F11", "Top-k up / down", "Top-p up / down", "Chat"):
        assert words in text, words
    for spec in window.actions.page_specs("explore"):  # no key in the registry is left out of the help
        if not spec.keys:
            continue  # a menu item without a key (Choose a talk…) has nothing to list
        assert (spec.group or spec.help) in text.replace("&amp;", "&").replace("&#x27;", "'"), spec.id
    qtbot.keyClick(window.help, Key.Key_Escape)
    assert not window.help.isVisible()


def test_question_mark_opens_the_help_and_a_key_only_closes_it(qtbot, window, exploration):
    qtbot.keyClick(window, "?")
    assert window.help.isVisible() and window.help.hasFocus()
    n = len(exploration.tokens)
    qtbot.keyClick(window.help, Key.Key_Right)
    assert not window.help.isVisible()
    assert len(exploration.tokens) == n  # the key closed the help; it did not step the model


def test_clicking_a_grid_thumbnail_opens_that_head_large(qtbot, window, exploration):
    grid, head = window.views.views["grid"], window.views.views["head"]
    window.views.show_view("grid")
    layer, h = 1, 1
    # the grid lays its thumbnails out once it is shown: wait until the image sits under its own cell
    qtbot.waitUntil(lambda: grid.head_at(grid.image(layer, h).sceneBoundingRect().center()) == (layer, h))
    center = grid.image(layer, h).sceneBoundingRect().center()
    qtbot.mouseClick(grid.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=grid.mapFromScene(center))
    assert window.views.current_key == "head"
    assert head.head() == (layer, h)
    expected = exploration.attention(layer, h).numpy()
    assert np.allclose(head.current_pattern(), expected, atol=1e-6)
    assert np.allclose(head.image_item().image, expected, atol=1e-6)
    assert "One head" in window.explanation.current.title


def test_escape_leaves_the_prompt_so_arrows_step_again(qtbot, window, exploration):
    qtbot.keyClick(window, Key.Key_L, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert window.prompt.editor.hasFocus()
    n = len(exploration.tokens)
    qtbot.keyClick(window.prompt.editor, Key.Key_Right)  # moves the text cursor, not the model
    assert len(exploration.tokens) == n
    qtbot.keyClick(window.prompt.editor, Key.Key_Escape)
    qtbot.keyClick(window, Key.Key_Right)
    assert len(exploration.tokens) == n + 1


def test_a_missing_model_leaves_an_open_window_with_a_message(qtbot, tmp_path):
    w = QtMainWindow(str(tmp_path / "no-such-model"))
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.loadFinished) as blocker:
        w.load()
    assert blocker.args == [False]
    assert "No model could be opened" in w.message.text() and "explainer train" in w.message.text()
    assert w.pages.currentWidget() is w.message
    qtbot.keyClick(w, Key.Key_Right)  # no model: the shortcuts are simply not there yet
    assert isinstance(w.centralWidget(), QtWidgets.QSplitter)


def test_keys_for_the_dials(qtbot, window, exploration):
    qtbot.keyClick(window, Key.Key_T)
    assert exploration.settings.temperature == pytest.approx(1.1)
    qtbot.keyClick(window, Key.Key_T, QtCore.Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window, Key.Key_T, QtCore.Qt.KeyboardModifier.ShiftModifier)
    assert exploration.settings.temperature == pytest.approx(0.9)
    qtbot.keyClick(window, Key.Key_N)
    assert exploration.seed == 1
    speed = window.controls.speed.value()
    qtbot.keyClick(window, Key.Key_Plus)
    assert window.controls.speed.value() == speed + 1
    assert window.controls.timer.interval() == int(1000 / (speed + 1))


def test_a_seed_gives_the_same_text_again(qtbot, window, exploration):
    window.controls.seed.setValue(7)
    for _ in range(4):
        qtbot.keyClick(window, Key.Key_Right)
    first = list(exploration.tokens)
    for _ in range(4):
        qtbot.keyClick(window, Key.Key_Left)
    for _ in range(4):
        qtbot.keyClick(window, Key.Key_Right)
    assert exploration.tokens == first
