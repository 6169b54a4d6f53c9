"""A talk in the window: every scene of the built-in talks opens and shows what its file says;
the clicker's keys move through the talk whatever has the focus and never type; presenter mode,
the presenter view, the notes, the black screen and the tour do what a presenter expects."""
import pytest
from PySide6 import QtCore

from explainer.talks import builtin_talks, find_talk, read_talk
from gui.common import settings
from gui.talk import scene_state
from tests.gui.driving import Key, press


def shows_what_the_file_says(window, scene) -> None:
    now = scene_state.capture(window)
    assert (now.page, now.model, now.step) == (scene.page, scene.model, scene.step)
    e, n = scene.explore, now.explore
    assert (n.prompt, n.chat, n.seed, n.view, n.head) == (e.prompt, e.chat, e.seed, e.view, e.head)
    assert (n.temperature, n.top_k, n.top_p, n.greedy) == (e.temperature, e.top_k, e.top_p, e.greedy)
    assert n.tokens[: len(e.tokens)] == e.tokens
    written = window.exploration.ended and len(n.tokens) < len(e.tokens) + e.write
    assert len(n.tokens) == len(e.tokens) + e.write or written  # the model may end its text early
    if scene.page == "compare":
        assert (now.compare.request, now.compare.seed, now.compare.section) == \
            (scene.compare.request, scene.compare.seed, scene.compare.section)
    if scene.page == "align":
        assert now.align == scene.align


@pytest.mark.parametrize("name", ["intro", "briefing"])
def test_every_scene_of_the_built_in_talks_opens_and_shows_what_its_file_says(qtbot, base_window, name):
    assert name in builtin_talks()
    w = base_window
    w.presenter.talk_name = name
    assert w.presenter.start(0, second_screen=False, full_screen=False)
    talk = w.presenter.player.talk
    for i, scene in enumerate(talk.scenes):
        assert w.presenter.player.go(i), w.status()
        shows_what_the_file_says(w, scene.scene)
        assert scene.title in w.presenter.band.text.text()
        for action_id in scene.builds:  # every build is an action this window has, on that scene's page
            spec = w.actions.specs.get(action_id)
            assert spec is not None and spec.page in (scene.scene.page, "global"), (scene.title, action_id)
    w.presenter.leave()


@pytest.fixture
def presenting(qtbot, base_window):
    w = base_window
    w.prompt.editor.setFocus()  # the worst place for a clicker's key: a box that takes text
    qtbot.waitUntil(w.prompt.editor.hasFocus)
    press(qtbot, Key.Key_F5)
    assert w.presenter.mode == "talk", w.status()
    return w


def test_the_clickers_keys_move_through_the_talk_and_never_type(qtbot, presenting):
    w = presenting
    p, editor = w.presenter.player, w.prompt.editor
    assert p.index == 0 and w.isFullScreen() and not w.menuBar().isVisible() and not w.statusBar().isVisible()
    editor.setFocus()
    text = editor.toPlainText()
    steps = 0
    for key in (Key.Key_PageDown, Key.Key_Right, Key.Key_Space, Key.Key_Down) * 3:
        before = (p.index, p.built)
        press(qtbot, key)
        assert (p.index, p.built) != before, key  # every press moved the talk
        steps += 1
        assert editor.toPlainText() in (text, w.exploration.prompt)  # nothing was typed into the box
    reached = (p.index, p.built)
    press(qtbot, Key.Key_PageUp)
    assert (p.index, p.built) < reached
    press(qtbot, Key.Key_Home)
    assert (p.index, p.built) == (0, 0)


def test_b_blanks_the_screen_and_esc_gives_the_window_back(qtbot, presenting):
    w = presenting
    press(qtbot, Key.Key_B)
    assert w.presenter.blank.isVisible() and w.presenter.blank.geometry() == w.rect()
    press(qtbot, Key.Key_B)
    assert not w.presenter.blank.isVisible()
    press(qtbot, Key.Key_Period)
    assert w.presenter.blank.isVisible()
    press(qtbot, Key.Key_PageDown)  # moving on brings the picture back
    assert not w.presenter.blank.isVisible()
    press(qtbot, Key.Key_Escape)
    assert w.presenter.mode is None and not w.isFullScreen()
    assert w.menuBar().isVisible() and w.statusBar().isVisible() and w.explanation.isVisible()
    assert w.zoom.factor == 1.0 and w.presenter.band is None


def test_n_shows_the_notes_over_the_window_with_the_next_scene(qtbot, presenting):
    w = presenting
    scene, coming = w.presenter.player.scene, w.presenter.player.next_scene
    press(qtbot, Key.Key_N)
    notes = w.presenter.notes
    assert notes.isVisible() and coming.title in notes.text.text()
    assert scene.notes.split()[0] in notes.text.text()
    press(qtbot, Key.Key_N)
    assert not notes.isVisible()


def test_with_a_second_screen_the_presenter_view_has_notes_next_clock_and_the_rooms_screen(qtbot, base_window):
    w = base_window
    assert w.presenter.start(0, second_screen=True, full_screen=False)
    view = w.presenter.view
    qtbot.waitExposed(view)
    p = w.presenter.player
    assert p.scene.title in view.title.text() and p.next_scene.title in view.coming.text()
    assert view.notes.text() and ":" in view.clock.text()
    qtbot.waitUntil(lambda: view.copy.pixmap() is not None and not view.copy.pixmap().isNull())
    for _ in range(len(p.scene.builds) + 1):  # the presenter's keyboard may be on the laptop's screen
        qtbot.keyClick(view, Key.Key_PageDown)
    assert p.index == 1 and p.scene.title in view.title.text()
    w.presenter.leave()
    assert w.presenter.view is None


def test_the_talk_position_is_remembered_and_shift_f5_resumes_there(qtbot, presenting):
    w = presenting
    w.presenter.player.go(3)
    assert settings.load()["talk_scene"] == 3
    press(qtbot, Key.Key_Escape)
    press(qtbot, Key.Key_F5, QtCore.Qt.KeyboardModifier.ShiftModifier)
    assert w.presenter.player.index == 3


def test_the_tour_waits_leaves_the_arrows_to_the_page_and_says_what_to_try(qtbot, base_window):
    w = base_window
    press(qtbot, Key.Key_F6)
    assert w.presenter.mode == "tour" and not w.isFullScreen() and w.menuBar().isVisible()
    p = w.presenter.player
    card = w.explanation.toPlainText()  # the tour's card tops the side panel: it takes no height from the views
    assert "What to try" in card and p.scene.try_this in card and w.presenter.band is None
    if p.scene.scene.page == "explore":
        written = len(w.exploration.generated)
        press(qtbot, Key.Key_Right)
        assert len(w.exploration.generated) == written + 1 and p.index == 0  # the page's own key
    press(qtbot, Key.Key_PageDown)
    assert p.index == 1 or p.built == 1
    w.explanation.anchorClicked.emit(QtCore.QUrl("tour:next"))  # the card's link does what Page Down does
    assert p.index >= 1
    press(qtbot, Key.Key_Escape)
    assert w.presenter.mode is None and "What to try" not in w.explanation.toPlainText()


def test_a_talk_that_cannot_be_read_is_reported_and_nothing_starts(qtbot, base_window, tmp_path):
    bad = tmp_path / "mine.toml"
    bad.write_text('format = "explainer-talk"\nversion = 1\n[[scenes]]\nbuilds = ["del /"]\n')
    base_window.presenter.talk_name = str(bad)
    assert not base_window.presenter.start(0, full_screen=False)
    assert "an action's name" in base_window.status() and base_window.presenter.mode is None


def test_the_built_in_talks_have_the_length_they_say():
    for name in ("intro", "briefing"):
        talk = read_talk(find_talk(name))
        words = sum(len(s.narration.split()) for s in talk.scenes)
        assert words < talk.minutes * 150, (name, words)  # narration alone fits well inside the time


LIVE_RUN_TALK = '''format = "explainer-talk"
version = 1
[[scenes]]
title = "A live run"
builds = ["train_start"]
[scenes.scene]
page = "train"
[[scenes]]
title = "After it"
[scenes.scene]
page = "explore"
'''


def test_a_run_the_talk_started_stops_when_the_talk_moves_on(qtbot, base_window, tmp_path, monkeypatch):
    """Otherwise it holds the one worker (the reward-hacking demonstration later could not start) and a core."""
    from tests.gui.worker_recipes import nano_recipe
    w = base_window
    w.worker.kind = "thread"  # the same protocol, without a spawned interpreter's start-up
    monkeypatch.setattr(w.page("train"), "recipe_from_setup",
                        lambda: nano_recipe(tmp_path, steps=1_000_000))
    talk = tmp_path / "live.toml"
    talk.write_text(LIVE_RUN_TALK)
    w.presenter.talk_name = str(talk)
    assert w.presenter.start(0, full_screen=False)
    with qtbot.waitSignal(w.worker.started, timeout=60_000):
        assert w.presenter.player.next()
    assert w.worker.busy and w.presenter.player.own_run
    with qtbot.waitSignal(w.worker.finished, timeout=60_000):
        assert w.presenter.player.next()  # the next scene
    assert not w.worker.busy and w.presenter.player.index == 1
    w.presenter.leave()


def test_the_narration_band_takes_only_the_lines_its_words_need(qtbot, presenting):
    """A wrapped label asks for the height of a narrow width: the band once took 198 px of a 720-px
    screen for two lines, and the views below it were squeezed."""
    from PySide6 import QtGui
    band = presenting.presenter.band
    line = QtGui.QFontMetrics(band.text.font()).lineSpacing()
    words = QtGui.QFontMetrics(band.text.font()).horizontalAdvance(presenting.presenter.player.scene.narration)
    lines = 1 + words // (band.width() - 40) + 1  # the narration, the title's larger line, rounding
    assert band.height() <= (lines + 1) * line * 1.4 + 16, (band.height(), lines, line)
