"""Scenes in the window: the state saved to a file comes back exactly (the same page, tokens, numbers
and pixels), and a scene that cannot be opened is refused with a message and changes nothing."""
import json
from pathlib import Path

import pytest

from explainer.talks.scene import read_scene
from gui.talk import scene_state
from gui.talk.scene_files import open_scene_from, save_scene_to


def pixels(qtbot, window):
    """The pages as drawn once every layout and repaint has landed (two grabs in a row agree)."""
    window.report("")  # the status line's height (one line or two) changes the pages' height
    last = [None]

    def settled() -> bool:
        image = window.pages.grab().toImage()
        same, last[0] = image == last[0], image
        return same
    qtbot.waitUntil(settled, timeout=5000)
    return last[0]


def set_up_a_scene(window):
    """A state with something in every part a scene holds."""
    ex = window.exploration
    window.player.go(5)  # an earlier snapshot of the timeline
    ex.set_seed(7)
    ex.set_prompt("Once upon a time, there was a little girl called")
    for _ in range(5):
        ex.step()
    ex.choose(ex.candidates()[2].token)  # a token picked by hand
    window.controls.temperature.setValue(0.8)
    window.views.show_view("head")
    window.views.views["head"].set_head(1, 2)
    window.views.views["head"].set_query(6)
    window.zoom.set_factor(1.15)


def test_a_saved_scene_reopens_with_the_same_page_tokens_numbers_and_pixels(qtbot, base_window, tmp_path):
    w = base_window
    set_up_a_scene(w)
    path = tmp_path / "my.scene.json"
    assert save_scene_to(w, path)
    before, shot, written = scene_state.capture(w), pixels(qtbot, w), list(w.exploration.generated)
    assert before.step == w.player.positions()[5].step and before.explore.view == "head"
    # move everything away
    w.player.go(len(w.player.positions()) - 1)
    w.exploration.set_prompt("Hello")
    w.views.show_view("lens")
    w.zoom.set_factor(1.0)
    w.show_page("train")
    assert open_scene_from(w, path), w.status()
    assert scene_state.capture(w) == before == read_scene(path)
    assert w.exploration.generated == written  # the same tokens with the same chances
    assert w.current_page == "explore" and w.views.views["head"].head() == (1, 2)
    assert pixels(qtbot, w) == shot


@pytest.mark.parametrize("content, reason", [
    ("{oops", "not valid JSON"),
    (json.dumps({"format": "explainer-scene", "version": 1, "explore": {"seed": "seven"}}), "explore.seed should be"),
    (json.dumps({"format": "explainer-scene", "version": 1, "model": "/home/someone/models/gpt"}),
     "never points anywhere else"),
    (json.dumps({"format": "explainer-scene", "version": 1, "model": "runs/not-there"}), "is not a folder in your runs"),
    (json.dumps({"format": "explainer-scene", "version": 1, "step": 12345}), "no snapshot there"),
    (json.dumps({"format": "explainer-scene", "version": 1, "explore": {"tokens": [[999999, "sample"]]}}),
     "vocabulary"),
    (json.dumps({"format": "explainer-scene", "version": 1, "explore": {"head": [9, 0]}}), "layers of"),
    (json.dumps({"format": "explainer-scene", "version": 1, "explore": {"prompt": "   "}}), "prompt is empty"),
    (json.dumps({"format": "explainer-scene", "version": 3}), "version 3 scene"),
])
def test_a_scene_that_cannot_be_opened_is_refused_and_changes_nothing(qtbot, base_window, tmp_path, content, reason):
    w = base_window
    set_up_a_scene(w)
    before, shot = scene_state.capture(w), pixels(qtbot, w)
    path = tmp_path / "bad.scene.json"
    path.write_text(content)
    assert not open_scene_from(w, path)
    assert reason in w.status() and "Nothing was changed" in w.status()
    assert scene_state.capture(w) == before and pixels(qtbot, w) == shot


def test_a_huge_scene_file_is_refused_unread(base_window, tmp_path):
    path = tmp_path / "huge.scene.json"
    with open(path, "wb") as f:
        f.truncate(1 << 30)
    assert not open_scene_from(base_window, path)
    assert "1,073,741,824 bytes" in base_window.status()


def test_a_model_that_a_scene_cannot_name_is_not_saved(window, tmp_path):
    """The nano test model came from no file: a scene could not open it again, so none is written."""
    assert not save_scene_to(window, tmp_path / "x.scene.json")
    assert "could not open it again" in window.status() and not (tmp_path / "x.scene.json").exists()


def test_a_run_in_the_runs_folder_is_named_by_its_folder_and_reopened(qtbot, base_window, tmp_path):
    from tests.gui.worker_recipes import interrupted_run
    (tmp_path / "runs").mkdir()
    run = Path(interrupted_run(tmp_path / "runs", steps=30))
    key = base_window.open_model_folder(str(run))
    scene = scene_state.capture(base_window)
    assert scene.model == f"runs/{run.name}"
    base_window.shelf.remove(key)
    scene_state.apply(base_window, scene)
    assert scene_state.capture(base_window).model == scene.model
