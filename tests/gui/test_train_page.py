"""The Train page and the timeline, driven as a person would: page keys, Start, Space, X, the slider.

Every run is the nano preset on a small text; a spawned worker process takes seconds to start,
so the waits are long, and never sleeps.
"""
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch
from PySide6 import QtCore

from explainer import load_model
from explainer.tracing import trace
from explainer.train.data import read_text_corpus
from explainer.train.timeline import load_timeline
from explainer.weights import model_from_state
from gui.common.qt_main_window import QtMainWindow
from tests.gui.driving import click, press
from tests.gui.worker_recipes import EXPOSED, WORDS, ExplodingRecipe, ExposingRecipe, interrupted_run, nano_recipe

Key = QtCore.Qt.Key
Ctrl = QtCore.Qt.KeyboardModifier.ControlModifier
SPAWN_MS = 90_000  # a fresh interpreter imports torch, then the run builds its text and model


@pytest.fixture
def train(qtbot, window):
    """The window on its Train page, reached with Ctrl+2 as a presenter would."""
    qtbot.waitUntil(window.isActiveWindow)  # the window manager activates it a moment after it shows
    press(qtbot, Key.Key_2, Ctrl)
    assert window.current_page == "train"
    page = window.page("train")
    page.setup.set_preset("nano")
    return page


def corpus_file(tmp_path, text=WORDS, name="mine.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def run_model(page):
    return page.shelf.models.get(page.run_key) if page.run_key else None


def drawn(curve) -> list[float]:
    y = curve.getData()[1]
    return [] if y is None else list(y)


def reached(page, step: int) -> bool:
    """The page's run has sent a snapshot at `step` or later."""
    model = run_model(page)
    return bool(model is not None and model.curve and model.curve[-1]["step"] >= step)


def test_start_pause_resume_stop(qtbot, window, train, tmp_path, monkeypatch):
    with qtbot.waitSignal(train.corpus.changed, timeout=30_000):
        train.corpus.open(str(corpus_file(tmp_path)))
    assert window.worker.kind == "process"  # the window's default, as the app runs
    # the bar's run, with a step budget it cannot reach first: on busy cores the worker may outrun
    # the window, and a 200-step run could end before the pause reaches it
    from_setup = train.recipe_from_setup
    monkeypatch.setattr(train, "recipe_from_setup", lambda: replace(from_setup(), steps=1_000_000, minutes=None))
    press(qtbot, Key.Key_S)
    qtbot.waitUntil(lambda: reached(train, 10), timeout=SPAWN_MS)
    model = run_model(train)
    assert window.shelf.shown_key == train.run_key  # the new run went behind the views
    with qtbot.waitSignal(window.worker.held, timeout=SPAWN_MS) as hold:
        press(qtbot, Key.Key_Space)
        assert window.worker.state == "paused" and window.actions.qaction("train_pause").text().startswith("Resume")
    held = len(model.curve)  # one pipe, in order: every snapshot before the hold has arrived
    assert model.curve[-1]["step"] == hold.args[0]
    qtbot.wait(800)
    assert len(model.curve) == held  # paused between two steps
    press(qtbot, Key.Key_Space)
    assert window.worker.state == "running"
    qtbot.waitUntil(lambda: len(model.curve) > held + 1, timeout=SPAWN_MS)
    with qtbot.waitSignal(window.worker.finished, timeout=SPAWN_MS):
        press(qtbot, Key.Key_X)
    assert not model.live and model.points[0].step == 0 and model.points[0].sample.startswith("Once upon a time")
    losses = [r["loss"] for r in model.curve if r["loss"] is not None]
    qtbot.waitUntil(lambda: len(drawn(train.curves.loss_curve)) == len(losses))
    assert drawn(train.curves.loss_curve) == pytest.approx(losses)  # drawn as the worker sent them
    assert "step 0" in train.curves.samples.toPlainText()
    saved = load_model(model.path)
    assert saved.info.metrics["ended"] is True and saved.info.step == model.curve[-1]["step"]
    assert window.actions.qaction("train_start").isEnabled() and window.actions.qaction("train_reset").isEnabled()


def test_a_run_that_raises_is_reported_and_the_window_still_works(qtbot, window, train, exploration, tmp_path):
    window.worker.kind = "thread"
    with qtbot.waitSignal(window.worker.finished, timeout=SPAWN_MS):
        assert train.start(nano_recipe(tmp_path, ExplodingRecipe))
    assert "a stage went wrong" in window.status() and "still works" in window.status()
    assert "a stage went wrong" in train.progress_text.text()
    assert [p.step for p in run_model(train).points] == [0, 10]  # what it learned before is kept
    assert window.actions.qaction("train_start").isEnabled()
    press(qtbot, Key.Key_1, Ctrl)
    before = len(exploration.tokens)
    press(qtbot, Key.Key_Right)
    assert len(exploration.tokens) == before + 1  # the Explore page still writes, with the run's weights


@pytest.mark.parametrize("content, words", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary"),
    ("Tom likes fish. ".encode("latin-1") * 100 + "Café".encode("latin-1"), "not UTF-8"),
    (b"Tom likes fish.", "characters"),
], ids=["empty", "binary", "not-utf-8", "too-short"])
def test_a_file_that_cannot_be_learned_is_refused_with_a_clear_message(qtbot, window, train, tmp_path, content, words):
    with qtbot.waitSignal(train.corpus.refused, timeout=30_000):
        train.corpus.open(str(corpus_file(tmp_path, content, "bad.txt")))
    assert words in train.setup.note.text() and "cannot be learned" in train.setup.note.text()
    assert words in window.status()
    assert train.corpus.world  # the text stays the tiny world


def test_a_run_can_start_the_moment_the_text_is_read(qtbot, window, train, tmp_path):
    heard = []  # what a Start pressed as soon as the text shows would find
    train.corpus.changed.connect(lambda: heard.append((train.corpus.loading, train.recipe_from_setup())))
    with qtbot.waitSignal(train.corpus.changed, timeout=30_000):
        train.corpus.open(str(corpus_file(tmp_path)))
    loading, recipe = heard[-1]
    assert loading is None and recipe is not None and "still being read" not in window.status()


def test_a_text_file_gets_its_own_tokenizer_and_shows_its_pieces(qtbot, window, train, tmp_path):
    from explainer.tokenizer import Tokenizer
    path = corpus_file(tmp_path)
    with qtbot.waitSignal(train.corpus.changed, timeout=30_000):
        train.corpus.open(str(path))
    docs = read_text_corpus(path)
    tokenizer = Tokenizer.train(docs, vocab_size=2048)  # the engine's own, computed here
    pieces = tokenizer.displays(tokenizer.encode(docs[0][:400]))[:48]
    note = train.setup.note.text()
    assert train.corpus.file.pieces == pieces and train.corpus.file.tokenizer.hash == tokenizer.hash
    assert all(f"&nbsp;{p}&nbsp;" in note for p in pieces[:10]) and "mine.txt" in note
    assert train.setup.text.currentText() == "mine.txt"
    press(qtbot, Key.Key_W)
    assert train.corpus.world and train.setup.text.currentIndex() == 0


def test_the_views_never_see_the_tensors_being_trained(qtbot, window, train, exploration, tmp_path):
    window.worker.kind = "thread"  # the same process: the trained tensors could be reached, if a view took them
    recipe = nano_recipe(tmp_path, ExposingRecipe)
    assert train.start(recipe)
    qtbot.waitUntil(lambda: bool(run_model(train) is not None and run_model(train).latest is not None
                                 and window.shelf.shown_key == train.run_key), timeout=SPAWN_MS)
    window.worker.pause()
    qtbot.wait(500)  # the worker reaches its pause between two steps
    trained = EXPOSED.pop(recipe.out).model
    press(qtbot, Key.Key_1, Ctrl)  # the Explore page catches up with the run's weights when it is shown
    shown = exploration.model
    assert shown is window.shelf.inspection_model and shown is not trained
    trained_storage = {p.untyped_storage().data_ptr() for p in trained.parameters()}
    assert not trained_storage & {p.untyped_storage().data_ptr() for p in shown.parameters()}
    before = trace(shown, exploration.window, parts=("pattern",)).logits.clone()
    with torch.no_grad():
        for p in trained.parameters():
            p.mul_(0.0)  # wreck the model being trained: what the views draw must not move
    after = trace(shown, exploration.window, parts=("pattern",)).logits
    assert torch.equal(before, after)
    with qtbot.waitSignal(window.worker.finished, timeout=SPAWN_MS):
        window.worker.cancel()


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory):
    torch.set_num_threads(1)
    return interrupted_run(tmp_path_factory.mktemp("killed"), steps=30)


def test_an_interrupted_run_folder_opens(qtbot, window, train, interrupted):
    key = window.open_model_folder(interrupted)
    model = window.shelf.models[key]
    assert window.shelf.shown_key == key and "interrupted at step 30" in model.title
    assert [p.step for p in model.points] == [0, 10, 30] and model.curve
    assert "interrupted at step 30" in window.model_label.text()
    qtbot.waitUntil(lambda: len(drawn(train.curves.loss_curve)) == len(model.curve))
    assert "step 30" in train.curves.samples.toPlainText()
    assert [train.timeline.model_box.itemText(i) for i in range(train.timeline.model_box.count())][-1] == model.title
    press(qtbot, Key.Key_1, Ctrl)
    assert window.exploration.model is window.shelf.inspection_model and window.exploration.model.config == model.config
    assert window.exploration.tokenizer.hash == model.tokenizer.hash  # the prompt was read again with its codebook


def test_the_page_keys_work_after_a_click_on_a_control(qtbot, window, train, interrupted):
    window.open_model_folder(interrupted)
    click(qtbot, train.setup.minutes)  # a spin box takes the keyboard for itself...
    press(qtbot, Key.Key_Left)  # ...yet ← is the timeline's, as on a presenter's clicker
    assert window.shelf.shown_step == 10
    press(qtbot, Key.Key_PageUp)
    assert window.shelf.shown_step == 0
    press(qtbot, Key.Key_BracketRight)
    assert window.shelf.shown_step == 10
    press(qtbot, Key.Key_2)
    assert train.views.currentIndex() == 1
    press(qtbot, Key.Key_Space)  # no run: nothing to pause, nothing breaks
    assert window.worker.state == "idle"
    press(qtbot, Key.Key_1, Ctrl)
    assert window.current_page == "explore" and window.views.currentIndex() == 0
    press(qtbot, Key.Key_BracketLeft)
    assert window.shelf.shown_step == 0
    press(qtbot, Key.Key_2, Ctrl)
    assert window.current_page == "train"
    press(qtbot, Key.Key_F1)
    assert window.help.isVisible() and "Start" in window.help.text() and "Earlier / later snapshot" in window.help.text()


def test_every_action_of_the_train_page_is_bound_and_in_its_menus(window, train):
    menu_actions = {a for m in window.menuBar().actions() for a in m.menu().actions()}
    for spec in window.actions.page_specs("train"):
        assert spec.id in window.actions.handlers, spec.id
        assert window.actions.qaction(spec.id) in menu_actions, spec.id


def test_continue_training_from_a_snapshot_forks_a_new_run(qtbot, window, train, interrupted):
    window.worker.kind = "thread"
    old = window.open_model_folder(interrupted)
    train.timeline.slider.setValue(1)  # step 10
    assert window.shelf.shown_step == 10
    press(qtbot, Key.Key_T, Ctrl)
    qtbot.waitUntil(lambda: reached(train, 0), timeout=SPAWN_MS)
    new = run_model(train)
    assert new.curve[0]["step"] == 10 and new.points[0].step == 10  # it carries on from the snapshot
    assert "from step 10" in new.title and old in window.shelf.models  # the old run stays
    assert train.recipes[new.key].start_from == interrupted and train.recipes[new.key].start_step == 10
    with qtbot.waitSignal(window.worker.finished, timeout=SPAWN_MS):
        press(qtbot, Key.Key_X)
    assert load_model(interrupted).info.step == 30  # untouched


@pytest.fixture
def base_window(qtbot, tmp_path):
    if not (Path(__file__).resolve().parents[2] / "assets/models/base/model.json").exists():
        pytest.skip("the bundled model is not there")
    w = QtMainWindow("base", runs_dir=str(tmp_path / "runs"))
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    w.load()
    return w


def grid_patterns(window) -> list[np.ndarray]:
    grid = window.views.views["grid"]
    n_layer, n_head = grid._shape
    return [np.stack([grid.image(l, h).image for h in range(n_head)]) for l in range(n_layer)]


def engine_patterns(model, ids) -> list[np.ndarray]:
    t = trace(model, ids, parts=("pattern",))
    return [t.pattern(l).numpy() for l in range(model.config.n_layer)]


def test_the_scrubber_puts_each_snapshots_weights_behind_the_views(qtbot, base_window):
    window = base_window
    window.views.show_view("grid")
    ids = list(window.exploration.window)
    loaded = load_model("base")  # the engine's side, read again from the files: not through the shelf
    points = {p.step: p for p in load_timeline(loaded)[0]}
    first = model_from_state(loaded.info.config, points[0].state, "step 0")
    timeline = window.page("explore").timeline
    timeline.slider.setValue(0)  # as a person drags it
    assert window.shelf.shown_step == 0 and "step 0 of 6,000" in window.model_label.text()
    assert "Step 0" in timeline.info.text()
    at_start = grid_patterns(window)
    for drawn, engine in zip(at_start, engine_patterns(first, ids)):
        np.testing.assert_allclose(drawn, engine, atol=1e-6)
    timeline.slider.setValue(timeline.slider.maximum())
    at_end = grid_patterns(window)
    for drawn, engine in zip(at_end, engine_patterns(loaded.model.eval(), ids)):
        np.testing.assert_allclose(drawn, engine, atol=1e-5)
    assert max(np.abs(a - b).max() for a, b in zip(at_start, at_end)) > 0.1  # the heads formed
    press_film(qtbot, window)


def press_film(qtbot, window):
    """F plays the snapshots like a film from the random start, and stops at the end."""
    window.page("explore").focus_page()
    qtbot.keyClick(window.views.tabBar(), Key.Key_F)
    assert window.player.playing and window.shelf.shown_step == 0
    qtbot.waitUntil(lambda: not window.player.playing, timeout=20_000)
    assert window.shelf.shown_step is None  # the end: its own final weights


def test_the_skill_notes_say_what_the_bundled_numbers_show():
    from explainer.train.skills import SKILLS
    from gui.train.skill_story import skill_notes
    lm = load_model("base")
    notes = " ".join(skill_notes(load_timeline(lm)[0], SKILLS))
    assert "copying stays near 0.03" in notes and "never grew a strong induction head" in notes
    assert "Names from earlier” rises from 0.00 to 0.88" in notes
    assert math.isclose(float(notes.split("near ")[1][:4]), 0.03, abs_tol=0.005)
