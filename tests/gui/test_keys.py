"""Keys that always work: after a click anywhere, → / ← / Space / the number keys act on the app,
Shift+arrows move the selection of the view shown, and only the prompt box keeps typing keys.
Every key goes to the widget that has the focus, as a real keyboard sends it."""
import pytest
from PySide6 import QtCore, QtWidgets

from gui.common.actions import ActionRegistry, ActionSpec
from gui.explore.explore_actions import EXPLORE_ACTIONS, VIEW_TITLES

from .driving import Key, Mod, click, focused, press


@pytest.mark.parametrize("dial", ["temperature", "top_k", "top_p", "seed", "speed"])
def test_after_a_click_on_a_spin_box_the_app_keys_still_act(qtbot, window, exploration, dial):
    spin = getattr(window.controls, dial)
    click(qtbot, spin.lineEdit())
    assert spin.hasFocus() or spin.isAncestorOf(focused())
    value, n = spin.value(), len(exploration.tokens)
    press(qtbot, Key.Key_Right)
    assert len(exploration.tokens) == n + 1  # stepped
    press(qtbot, Key.Key_Left)
    assert len(exploration.tokens) == n  # back
    speed = window.controls.speed.value()
    press(qtbot, Key.Key_Plus, Mod.ShiftModifier)  # "+" as a US keyboard sends it
    assert window.controls.speed.value() == speed + 1  # the speed, not the focused box
    press(qtbot, Key.Key_Minus)
    assert window.controls.speed.value() == speed
    press(qtbot, Key.Key_3)
    assert window.views.current_key == "head"
    assert spin.value() == value and spin.lineEdit().text() == spin.textFromValue(value) + spin.suffix() \
        or spin.specialValueText()  # nothing was typed into it
    window.controls.speed.setValue(20)
    press(qtbot, Key.Key_Space)
    assert window.controls.playing
    qtbot.waitUntil(lambda: len(exploration.tokens) >= n + 2, timeout=3000)
    press(qtbot, Key.Key_Space)
    assert not window.controls.playing
    press(qtbot, Key.Key_Escape)
    assert not spin.isAncestorOf(focused()) and focused() is not spin  # Esc handed the keys back


def test_clicker_page_keys_step_and_go_back(qtbot, window, exploration):
    n = len(exploration.tokens)
    press(qtbot, Key.Key_PageDown)
    press(qtbot, Key.Key_PageDown)
    assert len(exploration.tokens) == n + 2
    press(qtbot, Key.Key_PageUp)
    assert len(exploration.tokens) == n + 1


@pytest.mark.parametrize("key", [k for k, _ in VIEW_TITLES])
def test_left_in_every_view_is_back_and_shift_left_moves_the_selection(qtbot, window, exploration, key):
    for _ in range(3):
        exploration.step()
    window.views.show_view(key)
    view = window.views.views[key]
    click(qtbot, view, QtCore.QPoint(3, 3))  # a click in the view, where it does nothing else
    tokens = list(exploration.tokens)
    seen = {str(selection(view))}
    for direction in (Key.Key_Left, Key.Key_Right, Key.Key_Right):  # from either end, one move at least
        press(qtbot, direction, Mod.ShiftModifier)
        seen.add(str(selection(view)))
    assert exploration.tokens == tokens  # never a token removed (or added) for a selection move
    assert len(seen) > 1
    press(qtbot, Key.Key_Left)
    assert exploration.tokens == tokens[:-1]  # plain ←: Back, exactly one token
    press(qtbot, Key.Key_Right)
    assert len(exploration.tokens) == len(tokens)  # plain →: Step


def selection(view):
    for name in ("selected", "query", "position"):
        value = getattr(view, name, None)
        if value is not None:
            return value() if callable(value) else value
    raise AssertionError(f"{view} has no selection")


def test_the_bars_selection_moves_with_shift_arrows_and_enter_takes_it(qtbot, window, exploration):
    view = window.views.views["next"]
    press(qtbot, Key.Key_Down, Mod.ShiftModifier)
    press(qtbot, Key.Key_Down, Mod.ShiftModifier)
    press(qtbot, Key.Key_Up, Mod.ShiftModifier)
    assert view.selected == 1
    wanted = exploration.candidates(10)[1].token  # from the engine, not the view
    press(qtbot, Key.Key_Return)
    assert exploration.generated[-1].token == wanted and exploration.generated[-1].how == "chosen"


def test_the_grid_selection_moves_by_head_and_floor_and_enter_opens_it(qtbot, window, exploration):
    press(qtbot, Key.Key_2)
    grid = window.views.views["grid"]
    press(qtbot, Key.Key_Right, Mod.ShiftModifier)
    press(qtbot, Key.Key_Up, Mod.ShiftModifier)  # the floor above
    assert grid.selected() == (1, 1)
    tokens = list(exploration.tokens)
    press(qtbot, Key.Key_Return)
    assert window.views.current_key == "head" and window.views.views["head"].head() == (1, 1)
    assert exploration.tokens == tokens


def test_the_prompt_box_keeps_typing_keys_until_esc_or_a_click_elsewhere(qtbot, window, exploration):
    press(qtbot, Key.Key_L, Mod.ControlModifier)
    editor = window.prompt.editor
    assert editor.hasFocus()
    n = len(exploration.tokens)
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    for key in (Key.Key_Space, Key.Key_1, Key.Key_Left, Key.Key_Right, Key.Key_G, Key.Key_C, Key.Key_Plus):
        press(qtbot, key)
    assert len(exploration.tokens) == n and window.views.current_key == "next"  # all typed, none acted
    assert editor.toPlainText().endswith(" 1gc+") and not exploration.chat
    click(qtbot, window.views.views["next"].legend)  # a click elsewhere ends the typing...
    assert not editor.hasFocus()
    assert exploration.prompt == editor.toPlainText()  # ...and uses the text at once
    press(qtbot, Key.Key_Right)
    assert len(exploration.tokens) == len(exploration.prompt_tokens) + 1
    press(qtbot, Key.Key_L, Mod.ControlModifier)
    press(qtbot, Key.Key_Escape)
    assert not editor.hasFocus()
    press(qtbot, Key.Key_Right)
    assert len(exploration.generated) == 2


def test_ctrl_keys_act_while_typing(qtbot, window, exploration):
    press(qtbot, Key.Key_L, Mod.ControlModifier)
    size = QtWidgets.QApplication.font().pointSizeF()
    press(qtbot, Key.Key_Equal, Mod.ControlModifier)
    assert QtWidgets.QApplication.font().pointSizeF() > size
    window.prompt.editor.setPlainText("Tom went")
    press(qtbot, Key.Key_Return, Mod.ControlModifier)
    assert exploration.prompt == "Tom went"
    assert window.prompt.editor.hasFocus()  # Ctrl+Enter uses the text without leaving the box


def test_tab_reaches_the_bars_before_the_explanation_and_shows_a_focus_frame(qtbot, window):
    press(qtbot, Key.Key_L, Mod.ControlModifier)
    visited = [focused()]
    for _ in range(40):
        press(qtbot, Key.Key_Tab)
        visited.append(focused())
        if visited[-1] is window.explanation:
            break
    bars, explanation = window.views.views["next"], window.explanation
    assert bars in visited and explanation in visited
    assert visited.index(window.prompt.editor) < visited.index(window.views.tabBar()) < visited.index(bars)
    step_button = window.controls.buttons[1]  # (Back is disabled with nothing to undo, so Tab skips it)
    assert visited.index(bars) < visited.index(step_button) < visited.index(explanation)
    frame = window.focus_frame
    assert frame.isVisible() and frame.target is explanation  # a keyboard move shows where the focus is
    top_left = explanation.mapTo(window, QtCore.QPoint(0, 0))
    assert frame.geometry().contains(QtCore.QRect(top_left, explanation.size()).intersected(window.rect()))
    click(qtbot, window.views.views["next"].legend)
    assert not frame.isVisible()  # a mouse user is not shown a frame


def test_dial_keys(qtbot, window, exploration):
    for key, mod, expected in ((Key.Key_K, Mod.NoModifier, 1), (Key.Key_K, Mod.NoModifier, 2),
                               (Key.Key_K, Mod.NoModifier, 3), (Key.Key_K, Mod.NoModifier, 5),
                               (Key.Key_K, Mod.ShiftModifier, 3)):
        press(qtbot, key, mod)
        assert exploration.settings.top_k == expected
    press(qtbot, Key.Key_P, Mod.ShiftModifier)
    assert exploration.settings.top_p == pytest.approx(0.95)
    press(qtbot, Key.Key_T)
    assert exploration.settings.temperature == pytest.approx(1.1)
    press(qtbot, Key.Key_R)
    s = exploration.settings
    assert (s.temperature, s.top_k, s.top_p) == (1.0, 0, 1.0)


def test_f11_toggles_full_screen(qtbot, window):
    press(qtbot, Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    assert window.actions.qaction("full_screen").isChecked()
    press(qtbot, Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())


def test_the_registry_refuses_a_key_defined_twice_and_knows_every_explore_key():
    with pytest.raises(ValueError, match="already"):
        ActionRegistry(EXPLORE_ACTIONS + (ActionSpec("other", "Other", ("Right",), "twice", "Write"),))
    registry = ActionRegistry(EXPLORE_ACTIONS)
    right = int(QtCore.Qt.Key.Key_Right.value)
    shift = int(Mod.ShiftModifier.value)
    assert registry.match(right, 0, "explore") == "step"
    assert registry.match(right, shift, "explore") == "select_right"  # Shift is never dropped from an arrow
    assert registry.match(int(QtCore.Qt.Key.Key_Question.value), shift, "explore") is None  # help is global
    assert registry.match(int(QtCore.Qt.Key.Key_Plus.value), shift, "explore") == "faster"  # "+" needs Shift


def test_every_action_of_the_window_is_bound_and_in_the_menus(window):
    menu_actions = {a for m in window.menuBar().actions() for a in m.menu().actions()}
    for spec in window.actions.page_specs("explore"):
        assert spec.id in window.actions.handlers, spec.id
        assert window.actions.qaction(spec.id) in menu_actions, spec.id
