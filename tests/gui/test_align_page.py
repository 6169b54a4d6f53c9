"""The Align page in the window: a step run live on a nano model (snapshots, curves, the answers
table, a clean stop), votes that reach the ratings file and survive a restart or a torn line, the
reward line over the tokens, and the β control reaching the RLHF stage."""
import pytest
import torch
from PySide6 import QtCore

from explainer.checkpoint import save_checkpoint


@pytest.fixture
def nano_folder(tmp_path, nano_model, small_tokenizer):
    return str(save_checkpoint(tmp_path / "nano-base", nano_model, small_tokenizer))


@pytest.fixture
def reward_folder(tmp_path, nano_model, small_tokenizer):
    """A nano reward model folder: the nano trunk and a seeded head, saved as the reward stage saves one."""
    from safetensors.torch import save

    from explainer.align.reward import HEAD_FILE, RewardModel
    torch.manual_seed(1)
    rm = RewardModel(nano_model)
    return str(save_checkpoint(tmp_path / "nano-reward", nano_model, small_tokenizer,
                               extra_files={HEAD_FILE: save(rm.head.state_dict())}))


@pytest.fixture
def ratings_file(tmp_path, monkeypatch):
    from gui.align import qt_align_page
    path = tmp_path / "data" / "ratings.jsonl"
    monkeypatch.setattr(qt_align_page, "ratings_path", lambda: path)
    return path


@pytest.fixture
def page(window, ratings_file, tmp_path, monkeypatch):
    from gui.align import stages
    monkeypatch.setattr(stages, "MODELS", tmp_path / "no-bundled-models")  # tests never train the bundled ones
    window.show_page("align")
    return window.page("align")


def test_the_page_sits_between_train_and_compare(window, page):
    from gui.common import pages
    keys = [p.key for p in pages.PAGES]
    assert keys.index("align") == keys.index("train") + 1 == keys.index("compare") - 1
    assert window.current_page == "align" and "Align" in [a.text() for a in window.menuBar().actions()]
    assert "the simulated rater, a program" in window.explanation.toPlainText()


def test_sft_runs_live_from_the_window_and_stops_cleanly(qtbot, window, page, nano_folder):
    page.own["base"] = nano_folder
    page.steps = 300
    qtbot.keyClick(page, QtCore.Qt.Key.Key_S)  # the chosen step is SFT
    assert page._pending is not None and window.worker.busy
    assert not window.actions.qaction("align_run").isEnabled()
    assert not page.run("dpo") and "One run at a time" in window.status()
    qtbot.waitUntil(lambda: page.answers.rowCount() >= 2, timeout=60_000)  # step 0 and a later one
    with qtbot.waitSignal(window.worker.finished, timeout=60_000):
        qtbot.keyClick(page, QtCore.Qt.Key.Key_X)
    model = window.shelf.models[page.shelf_keys["sft"]]
    assert model.kind == "sft" and not model.live and model.points and model.curve
    page.curves.draw_now()
    steps, losses = page.curves.values("loss")
    assert steps and len(losses) == len(steps) and steps[-1] < 300  # stopped before the end
    assert page.answers.verticalHeaderItem(0).text() == "step 0"
    later = page.answers.verticalHeaderItem(1).text()
    assert later.startswith("step ") and int(later.split()[1].replace(",", "")) > 0
    assert "Mia" in page.answers.horizontalHeaderItem(0).text() and page.answers.cell_text(1, 0)
    assert window.shelf.shown_key == model.key  # the Explore views follow the new model
    assert "sft" not in page.own and "stopped at step" in page.pipeline.cards["sft"].status.text()  # not built upon
    assert window.worker.state == "idle" and window.actions.qaction("align_run").isEnabled()


def test_a_vote_is_in_the_file_and_survives_a_restart_and_a_torn_line(qtbot, window, page, ratings_file):
    from explainer.align.ratings import read_ratings
    from gui.align.qt_rating_panel import QtRatingPanel
    qtbot.keyClick(page, QtCore.Qt.Key.Key_V)
    assert page.rating.pair is not None
    request, answers = page.rating.pair
    qtbot.keyClick(page, QtCore.Qt.Key.Key_1)
    ratings, bad = read_ratings(ratings_file)
    assert bad == 0 and len(ratings) == 1
    assert (ratings[0].prompt, ratings[0].answers, ratings[0].preferred, ratings[0].who) == \
        (request.text, (answers[0].text, answers[1].text), 0, "person")
    assert "the simulated rater, a program" in page.rating.feedback.toPlainText().lower()
    assert "too few to mean much" in page.rating.agreement.text() or "No votes" in page.rating.agreement.text()

    with open(ratings_file, "ab") as f:  # the app killed in the middle of writing a vote
        f.write(b'{"prompt": "What is Mia\'s fav')
    qtbot.keyClick(page, QtCore.Qt.Key.Key_0)
    ratings, bad = read_ratings(ratings_file)
    assert bad == 1 and [r.preferred for r in ratings] == [0, None]

    again = QtRatingPanel(ratings_file)  # the app started again
    qtbot.addWidget(again)
    assert again.count == 2 and again.skipped == 1 and again.bad_lines == 1
    assert (again.agree, again.decided) == (page.rating.agree, page.rating.decided)
    assert "torn" in again.where.text()


def test_the_same_model_scrubbed_to_another_step_gives_a_new_pair_from_that_step(qtbot, window, page, tmp_path):
    from tests.gui.worker_recipes import interrupted_run
    torch.set_num_threads(1)
    window.open_model_folder(interrupted_run(tmp_path, steps=30))  # a model with snapshots at steps 0, 10, 30
    page.show_part("rate")
    before = page.rating.model
    positions = window.player.positions()
    target = next(i for i, p in enumerate(positions) if i != window.player.index() and p.show is not None)
    assert window.player.go(target)
    label = f"at step {positions[target].step:,}"
    assert page.rating.model is not before and page.rating.model_title.endswith(label)
    assert label in page.rating.request.text()  # the room reads whose answers these are
    shown = window.shelf.inspect(window.shelf.shown_key, positions[target].show)
    assert all(torch.equal(a, b) for a, b in zip(page.rating.model.state_dict().values(),
                                                  shown.state_dict().values()))


def test_the_reward_line_is_the_engines_prefix_scores(qtbot, nano_model, small_tokenizer):
    from explainer.align.reward import RewardModel
    from gui.align.qt_reward_inside import QtRewardInside
    torch.manual_seed(2)
    rm = RewardModel(nano_model).eval()
    view = QtRewardInside()
    qtbot.addWidget(view)
    prompt, answer = "What is Mia's favourite food?", "Mia loves to eat apples."
    view.set_reward_model(rm, small_tokenizer, "nano", {prompt: [answer, "Ugh."]})
    tok = small_tokenizer
    prompt_tokens = [tok.user_id] + tok.encode(" " + prompt + "\n") + [tok.assistant_id]
    tokens = tok.encode(" " + answer) + [tok.eot_id]
    expected = rm.prefix_scores(prompt_tokens + tokens)[len(prompt_tokens):]
    drawn = view.columns[0].curve.yData
    assert len(drawn) == len(tokens) and torch.allclose(torch.tensor(drawn, dtype=torch.float32), expected)
    assert f"{float(expected[-1]):+.2f}" in view.columns[0].total.text()
    view.set_answer(1, "Mia loves fish.")
    assert len(view.columns[1].curve.yData) == len(tok.encode(" Mia loves fish.")) + 1


def test_the_beta_control_reaches_the_rlhf_stage(qtbot, window, page, nano_folder, reward_folder, monkeypatch):
    from explainer.align.recipes import RLHF_BETA
    assert page.hacking.beta.value() == pytest.approx(RLHF_BETA)
    page.parts.setCurrentIndex(3)
    qtbot.keyClick(page, QtCore.Qt.Key.Key_Plus)
    qtbot.keyClick(page, QtCore.Qt.Key.Key_Plus)
    assert page.hacking.beta.value() == pytest.approx(RLHF_BETA + 0.1)
    started = []
    monkeypatch.setattr(window.worker, "start", started.append)  # the recipe, not a run
    page.own.update(sft=nano_folder, reward=reward_folder)
    assert page.run("rlhf")
    recipe = started[0]
    assert recipe.stage == "rlhf" and recipe.beta == pytest.approx(RLHF_BETA + 0.1)
    assert recipe.start == nano_folder and recipe.reward == reward_folder
    assert recipe.build().stage.beta == pytest.approx(RLHF_BETA + 0.1)


def test_a_step_that_runs_to_its_end_is_where_the_next_steps_start(qtbot, window, page, nano_folder):
    page.own["base"] = nano_folder
    page.steps = 20
    with qtbot.waitSignal(window.worker.finished, timeout=60_000):
        assert page.run("sft")
    assert page.own["sft"] == page.recipes[page.shelf_keys["sft"]].out
    assert page.sources()["sft"] == page.own["sft"] and "done, 20 steps" in page.pipeline.cards["sft"].status.text()


def test_the_hacking_demo_is_rlhf_without_a_leash_against_the_weak_reward_model(qtbot, tmp_path, monkeypatch):
    from types import SimpleNamespace

    from gui.align import stages
    from gui.align.qt_hacking import QtHacking
    for name in ("sft", stages.WEAK_REWARD):
        (tmp_path / "models" / name).mkdir(parents=True)
        (tmp_path / "models" / name / "model.json").write_text("{}")
    monkeypatch.setattr(stages, "MODELS", tmp_path / "models")
    recipe, _ = stages.hacking_recipe(tmp_path / "out")
    assert (recipe.stage, recipe.beta, recipe.start, recipe.reward) == \
        ("rlhf", 0.0, str(tmp_path / "models" / "sft"), str(tmp_path / "models" / stages.WEAK_REWARD))
    view = QtHacking(0.1)
    qtbot.addWidget(view)
    rows = [{"step": s, "reward": 0.1 * s, "rater/score": 0.9 - 0.01 * s, "kl": 0.5 * s} for s in range(1, 11)]
    view.refresh(SimpleNamespace(curve=rows, points=[]))
    assert "the reward went from +0.10 to +1.00" in view.status.text() and "from 89% to 80%" in view.status.text()
    assert "KL 5.0" in view.kl.format()


def test_the_hacking_demonstration_records_the_raters_verdict_on_every_watched_answer(
        qtbot, window, page, nano_folder, reward_folder, monkeypatch):
    """Run as a presenter runs it (D), on nano models: every sample of the run carries the rater's verdict
    on each watched request's answer, and the demonstration's table shows it in words under the answer."""
    from explainer.align.rules import CRITERIA
    from explainer.align.watched import hacking_requests
    from gui.align import stages
    folders = {"sft": nano_folder, stages.WEAK_REWARD: reward_folder}
    monkeypatch.setattr(stages, "bundled", lambda name: folders.get(name))
    recipe_of = stages.hacking_recipe
    monkeypatch.setattr(stages, "hacking_recipe", lambda out, beta=0.0: recipe_of(out, beta, steps=20))
    window.worker.kind = "thread"
    with qtbot.waitSignal(window.worker.finished, timeout=120_000):
        qtbot.keyClick(page, QtCore.Qt.Key.Key_D)
    model = window.shelf.models[page._run_key]
    assert model.kind == "hacked"
    samples = [row for row in model.curve if row.get("sample")] + [p.metrics for p in model.points if p.sample]
    watched = len(hacking_requests())
    assert len(samples) >= 2
    for metrics in samples:
        for i in range(watched):
            assert 0 <= metrics[f"watched/{i}/score"] <= 9
            assert all(metrics[f"watched/{i}/{c}"] in (0.0, 1.0) for c in CRITERIA)
    rows = stages.judged_answers_over_time(model)
    assert len(rows) >= 2 and all(j is not None for _, answers in rows for *_, j in answers)
    assert "rater: " in page.hacking.answers.cell_text(0, 0)
