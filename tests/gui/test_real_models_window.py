"""Real models in the window (issue 18): a Hugging Face folder opened with Ctrl+O's road, every Explore view
drawing a 12-layer x 12-head model (scaled down: width 48), what the page says about such a model, a folder of
revisions driven by the scrubber, two models with one tokenizer on the Compare page, and no training of them."""
import pytest
import torch
from PySide6 import QtCore

from explainer import load_model
from explainer.explore import VIEW_TOKENS
from gui.common import shelf_files
from gui.common.qt_main_window import QtMainWindow

from ..engine.real_models import byte_level_tokenizer, make_folder, widen


def gpt2_folder(folder, seed: int = 0):
    """GPT-2 small's layout scaled down: 12 layers x 12 heads, width 48, a context of 1,024 (the views' cap shows)."""
    from transformers import GPT2Config, GPT2LMHeadModel
    tokenizer = byte_level_tokenizer()
    config = GPT2Config(vocab_size=tokenizer.get_vocab_size(), n_positions=1024, n_embd=48, n_layer=12, n_head=12,
                        bos_token_id=0, eos_token_id=0)
    model = GPT2LMHeadModel(config)
    widen(model, seed)
    model.save_pretrained(folder, safe_serialization=True)
    tokenizer.save(str(folder / "tokenizer.json"))
    return folder


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("real")
    out = {"gpt2": gpt2_folder(root / "gpt2-tiny"), "other": gpt2_folder(root / "gpt2-other", seed=1)}
    for step, seed in (("step0", 2), ("step1000", 3), ("step2000", 0)):
        gpt2_folder(root / "gpt2-steps" / step, seed)
    out["steps"] = root / "gpt2-steps"
    make_folder(root / "neox", "gpt_neox")
    out["neox"] = root / "neox"
    return out


@pytest.fixture
def window(qtbot, exploration, tmp_path, monkeypatch):
    monkeypatch.setattr(shelf_files, "ALIGNED", ())  # the Compare page: only the models the test opens
    w = QtMainWindow(exploration=exploration, runs_dir=str(tmp_path / "runs"))
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def test_a_gpt2_folder_opens_and_every_view_draws_it(qtbot, window, folders):
    key = window.open_model_folder(str(folders["gpt2"]))
    ex = window.exploration
    assert key is not None and window.shelf.shown_key == key and ex.model.config.n_layer == 12
    label = window.model_label.text()
    assert "GPT-2" in label and "parameters" in label and "trained" not in label  # no training record to give
    note = window.prompt.chat_note.text()
    assert window.prompt.chat_note.isVisible() and "Hugging Face" in note and "trained elsewhere" in note
    assert "only continues text" in note and "k parameters" in note
    assert not window.actions.qaction("chat").isEnabled()  # no User: token: Chat is off, and the note says why
    assert "Trained elsewhere" in window.page("explore").timeline.info.text()
    ex.set_prompt("Once upon a time, a cat named Tom lived in a red house. " * 30)  # past the views' cap
    assert VIEW_TOKENS - 64 < len(ex.window) <= VIEW_TOKENS and "views read only its last" in ex.notice
    assert f"at most {VIEW_TOKENS} of the 1,024" in window.chips.caption.text()
    for key in window.views.keys:
        window.views.show_view(key)
        for _ in range(3):
            ex.step()
        qtbot.wait(1)
        window.views.currentWidget().grab()  # painted without an error
    grid = window.views.views["grid"]
    assert len(grid._images) == 12 and len(grid._images[0]) == 12
    neurons = window.views.views["neurons"]
    window.views.show_view("neurons")
    qtbot.waitUntil(lambda: 0 < neurons._band.count < 12)  # paged: as many floors as the height holds
    first = neurons.layers()
    neurons.move_selection(0, -1)  # Shift+↑: the layers above
    assert neurons.layers().start == first.stop and "of 12 (Shift+↑↓)" in neurons.title()
    window.views.show_view("lens")  # a hidden view catches up when shown
    lens = window.views.views["lens"]
    assert lens.model().rowCount() == 12 and lens.position() == len(ex.window) - 1


def test_the_lens_of_a_large_vocabulary_covers_the_last_positions_and_says_so(qtbot, window, folders, monkeypatch):
    from explainer import explore_readings
    window.open_model_folder(str(folders["gpt2"]))
    ex = window.exploration
    monkeypatch.setattr(explore_readings, "LENS_CELLS", 12 * ex.model.config.vocab_size * 10)  # the last 10
    ex.set_prompt("Once upon a time, a cat named Tom lived in a red house.")
    window.views.show_view("lens")
    lens, n = window.views.views["lens"], len(ex.window)
    assert lens.model().columnCount() == 10 and lens.first_position() == n - 10
    assert lens.model().headerData(0, QtCore.Qt.Orientation.Horizontal).startswith(f"◂ {n - 10} earlier")
    assert "the last 10 positions" in lens.EXPLANATION
    ids, _ = ex.lens(top=3)
    display = ex.tokenizer.display(int(ids[-1, -1, 0]))
    assert lens.cell_text(11, n - 1).startswith(display[:13])  # window positions in, the right column out
    lens.set_position(n - 3)
    assert lens.position() == n - 3


def test_a_rotary_model_says_it_adds_no_position_vector(qtbot, window, folders):
    window.open_model_folder(str(folders["neox"]))
    window.views.show_view("embed")
    view = window.views.views["embed"]
    assert window.exploration.model.wpe is None
    assert "its token vector only" in view.title() and not view.parts()[1].any()
    assert "rotary" in view._sizes.text() and "no position vector" in view._sizes.text()
    window.page("explore").explain()
    assert "this model adds nothing" in window.explanation.toPlainText()


def test_revisions_are_a_timeline_the_scrubber_drives(qtbot, window, folders):
    key = window.open_model_folder(str(folders["steps"]))
    assert "3 revisions on its timeline" in window.status()
    timeline = window.page("explore").timeline
    assert [p.step for p in window.player.positions()] == [0, 1000, 2000]
    newest = window.exploration.trace().logits[-1].clone()
    timeline.slider.setValue(0)
    assert window.shelf.shown_key == key and window.shelf.shown_step == 0
    assert not torch.allclose(window.exploration.trace().logits[-1], newest)  # other weights behind the views
    reference = load_model(folders["steps"] / "step0").model
    with torch.no_grad():
        expected = reference(torch.tensor([window.exploration.window]))[0][0, -1]
    torch.testing.assert_close(window.exploration.trace().logits[-1], expected, atol=1e-4, rtol=1e-4)
    assert "Revision step0, step 0" in timeline.info.text() and "no loss or sample kept" in timeline.info.text()
    assert "read from its folder in" in window.status() and "revision at step 0 of 2,000" in window.model_label.text()


def test_two_models_with_one_tokenizer_are_compared_as_plain_text(qtbot, window, folders):
    window.open_model_folder(str(folders["gpt2"]))
    window.open_model_folder(str(folders["other"]))
    page = window.page("compare")
    assert page.set_box.count() == 2 and "gpt2-tiny vs gpt2-other" in page.set_box.itemText(1)
    window.show_page("compare")
    with qtbot.waitSignal(page.comparisonShown, timeout=60_000) as shown:
        page.next_model_set()  # O
    result = shown.args[0]
    answers = result.comparison.answers
    assert list(answers) == ["gpt2-tiny", "gpt2-other"] and not result.verdicts
    tokenizer = window.shelf.models[window.shelf.shown_key].tokenizer
    assert answers["gpt2-tiny"].prompt == tuple(tokenizer.encode(page.prompt))  # plain text, no chat roles
    assert "Plain-text continuations" in window.status() and "No rater verdict" in page.answers.no_request.text()
    assert "never taught to chat" in page.captions["answers"].text()
    page.toggle_evaluation()
    assert page.evaluation.job is None and "trained elsewhere" in window.status()


def test_real_models_are_never_trained_here(qtbot, window, folders):
    from explainer.errors import CheckpointError
    from explainer.train.recipes import PretrainRecipe
    from explainer.train.worker import refuse_real_models
    from gui.train.run_recipes import fork_recipe
    key = window.open_model_folder(str(folders["gpt2"]))
    model = window.shelf.models[key]
    assert model.kind == "real"  # never the Align page's or the Compare page's base model
    recipe, why = fork_recipe(model, None, None, "live", 1, folders["gpt2"].parent / "out")
    assert recipe is None and "trained elsewhere" in why and "User:" in why
    with pytest.raises(CheckpointError, match="trained elsewhere"):
        refuse_real_models(PretrainRecipe(out="x", start_from=str(folders["gpt2"])))
    window.note_page("align")
    assert "this app trains and aligns only its own models" in window.status()
