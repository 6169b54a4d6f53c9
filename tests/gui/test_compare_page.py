"""The Compare page against the engine: the columns, the token-shift colours and bars, and the
inside-the-model difference, each computed independently here from the models themselves."""
import copy
import html

import numpy as np
import pytest
import torch

from explainer import GPT, SamplerSettings, preset
from explainer.align.data import Request
from explainer.align.rater import Answer, Rater
from explainer.compare import answer
from gui.compare.qt_compare_page import QtComparePage
from gui.compare.qt_shifted_text import CLASS_COLORS

PROMPT = "What does Tom like?"
REQUESTS = [Request("fact", PROMPT, "Tom likes fish.", "Tom", "favourite_food", "fish", "", "eval"),
            Request("fact", "What does Mia like?", "Mia likes the park.", "Mia", "favourite_food", "park", "", "eval")]


def nudged(model: GPT, scale: float, seed: int) -> GPT:
    """A copy of `model` with the first block's feed-forward weights moved (an 'aligned' model)."""
    torch.manual_seed(seed)
    other = copy.deepcopy(model)
    with torch.no_grad():
        w = other.blocks[0].mlp.c_proj.weight
        w.add_(scale * torch.randn_like(w))
    return other.eval()


@pytest.fixture
def models(small_tokenizer):
    torch.manual_seed(0)
    base = GPT(preset("nano", small_tokenizer.vocab_size)).eval()
    return {"base": base, "sft": nudged(base, 0.3, 1), "rlhf": nudged(base, 0.6, 2)}


@pytest.fixture
def make_page(qtbot, small_tokenizer):
    pages = []

    def make(models, requests=REQUESTS, **options):
        page = QtComparePage(models, small_tokenizer, requests=requests, eval_path=None, **options)
        qtbot.addWidget(page)
        page.resize(1280, 720)
        pages.append(page)
        return page
    yield make
    for page in pages:
        page.shutdown()  # no worker outlives its test


def shown(qtbot, page, action=None):
    """Show the page (or do `action`) and wait for the comparison it asks for."""
    with qtbot.waitSignal(page.comparisonShown, timeout=30_000) as blocker:
        page.show() if action is None else action()
    return blocker.args[0]


def greedy_tokens(model, tokenizer, prompt: str, limit: int = 64) -> list[int]:
    """The greedy answer by hand: argmax of a full forward pass, token after token, until a stop token."""
    ids = tokenizer.encode_chat(prompt)
    out = []
    with torch.no_grad():
        while len(out) < min(limit, model.config.block_size - len(ids)):
            logits, _ = model(torch.tensor([ids + out]))
            out.append(int(logits[0, -1].argmax()))
            if out[-1] in (tokenizer.eot_id, tokenizer.user_id):
                break
    return out


def test_the_columns_show_exactly_what_each_model_writes(qtbot, make_page, models, small_tokenizer):
    page = make_page(models)
    result = shown(qtbot, page)
    tok = small_tokenizer
    for name, model in models.items():  # sampled at the page's temperature with seed 0
        expected = answer(model, tok, PROMPT, seed=0, settings=SamplerSettings(temperature=0.8))
        assert page.answers.tokens[name] == expected.tokens
        assert page.answers.texts[name].displays == tok.displays(expected.tokens)
        words = tok.decode([t for t in expected.tokens if not tok.is_special(t)]).strip()
        verdict = Rater().judge(REQUESTS[0], Answer(words, expected.ended))
        for reason in verdict.reasons.values():
            assert html.escape(reason) in page.answers.verdicts[name].text()
    assert set(result.verdicts) == set(models)

    shown(qtbot, page, lambda: page.actions.trigger("compare_greedy"))
    for name, model in models.items():
        assert list(page.answers.tokens[name]) == greedy_tokens(model, tok, PROMPT)

    shown(qtbot, page, lambda: page.actions.trigger("compare_next"))  # the next held-out request, the same way
    assert page.result.prompt == REQUESTS[1].text
    assert list(page.answers.tokens["sft"]) == greedy_tokens(models["sft"], tok, REQUESTS[1].text)


def base_ranks(base, tokenizer, prompt: str, tokens) -> list[int]:
    """Where the base model ranks each answer token, given the text before it (a stable sort of its logits)."""
    seq = tokenizer.encode_chat(prompt) + list(tokens)
    start = len(seq) - len(tokens)
    ranks = []
    with torch.no_grad():
        for i, t in enumerate(tokens):
            logits = base(torch.tensor([seq[:start + i]]))[0][0, -1]
            ranks.append(torch.sort(logits, descending=True, stable=True).indices.tolist().index(t))
    return ranks


def test_the_shift_colours_are_the_base_models_ranks(qtbot, make_page, models, small_tokenizer):
    page = make_page(models)
    page.actions.trigger("compare_greedy")
    shown(qtbot, page)
    for name in ("sft", "rlhf"):
        tokens = page.answers.tokens[name]
        ranks = base_ranks(models["base"], small_tokenizer, PROMPT, tokens)
        classes = ["unshifted" if r == 0 else "marginal" if r < 3 else "shifted" for r in ranks]
        _, text, summary = page.shift.rows[name]
        assert list(text.ranks) == ranks and list(text.classes) == classes
        assert [text.chip_color(i).name() for i in range(len(tokens))] == [CLASS_COLORS[c].name() for c in classes]
        assert [page.answers.texts[name].chip_color(i).name() for i in range(len(tokens))] == \
            [CLASS_COLORS[c].name() for c in classes]
        assert f"{classes.count('shifted')} of {len(tokens)} tokens shifted" in summary.text()
    assert page.answers.texts["base"].classes is None  # the base model has nothing to be compared with


def test_clicking_a_token_shows_both_models_bars_at_that_point(qtbot, make_page, models, small_tokenizer):
    from PySide6 import QtCore

    page = make_page(models)
    page.actions.trigger("compare_greedy")
    shown(qtbot, page)
    page.show_section("shift")
    _, text, _ = page.shift.rows["rlhf"]
    tokens = page.answers.tokens["rlhf"]
    index = min(2, len(tokens) - 1)
    qtbot.mouseClick(text, QtCore.Qt.MouseButton.LeftButton, pos=text.chip_center(index))
    assert page.shift.selected == ("rlhf", index) and text.selected == index
    seq = small_tokenizer.encode_chat(PROMPT) + list(tokens[:index])
    for bars, model in ((page.shift.base_bars, models["base"]), (page.shift.aligned_bars, models["rlhf"])):
        with torch.no_grad():
            p = torch.softmax(model(torch.tensor([seq]))[0][0, -1].double(), dim=-1).numpy()
        top = np.argsort(-p, kind="stable")[:8]
        assert [t for t, _, _ in bars.rows[:8]] == top.tolist()
        assert np.allclose([q for _, q, _ in bars.rows[:8]], p[top], atol=1e-5)
        assert np.allclose(bars.bars.opts["width"][:8], p[top], atol=1e-5)  # the bars drawn are those chances
        assert bars.chosen == tokens[index]
        if tokens[index] not in top:  # the written token gets a row of its own, with its rank
            assert bars.rows[8][0] == tokens[index]
    # the keys move the same selection
    page.actions.trigger("compare_select_up")
    assert page.shift.selected == ("sft", min(index, len(page.answers.tokens["sft"]) - 1))


def test_the_difference_of_a_model_with_itself_is_zero_everywhere(qtbot, make_page, models):
    page = make_page({"base": models["base"], "same": copy.deepcopy(models["base"])})
    page.actions.trigger("compare_greedy")
    shown(qtbot, page)
    page.show_section("inside")
    inside = page.inside
    assert inside.name == "same"
    image = inside.att_image.image
    assert image.shape == (2, 2) and float(np.abs(image).max()) == 0.0
    assert all(v == "0.00" for (part, _, _), v in inside.cell_texts.items() if part == "attention")
    assert all(v == "0.0%" for (part, _, _), v in inside.cell_texts.items() if part == "weights")
    assert page.result.comparison.shifts["same"].counts()["shifted"] == 0  # so the lens has nothing to show
    assert "no shifted" in inside.lens_note.toPlainText()


def test_the_inside_view_draws_the_engines_numbers(qtbot, make_page, models):
    page = make_page(models)
    page.actions.trigger("compare_greedy")
    result = shown(qtbot, page)
    page.choose_model("rlhf")
    inside = page.inside
    assert inside.name == "rlhf"
    expected = result.comparison.attention["rlhf"].numpy()
    assert np.allclose(inside.att_image.image, expected)
    # layer 1's attention reads the input before the nudged feed-forward: only layer 2 looks elsewhere
    assert float(expected[0].max()) == 0.0 < float(expected[1].max())
    assert inside.cell_texts["attention", 1, 0] == f"{expected[1, 0]:.2f}"
    assert inside.cell_texts["weights", 1, 0] == f"{result.comparison.weights['rlhf']['layer 1']:.1%}" != "0.0%"
    assert inside.cell_texts["weights", 2, 0] == "0.0%"


def test_a_result_for_an_old_request_is_dropped(qtbot, make_page, models):
    page = make_page(models)
    shown(qtbot, page)
    seen = []
    page.comparisonShown.connect(seen.append)
    with qtbot.waitSignal(page.comparisonShown, timeout=30_000):
        for _ in range(3):  # → → → faster than the models answer
            page.actions.trigger("compare_next")
    page.comparer.wait()
    assert [r.prompt for r in seen] == [REQUESTS[(0 + 3) % 2].text]
    assert page.result.prompt == page.prompt


def test_a_typed_request_is_answered_and_the_rater_says_why_it_cannot_judge(qtbot, make_page, models):
    page = make_page(models)
    shown(qtbot, page)
    page.own.setText("Tell me something nice.")
    result = shown(qtbot, page, page.ask_typed)
    assert result.request is None and not result.verdicts
    assert page.answers.no_request.isVisible() and "only judges requests" in page.answers.no_request.text()
    assert not any(v.isVisible() for v in page.answers.verdicts.values())


@pytest.mark.parametrize("width", [330, 480])
def test_a_near_certain_written_label_stays_inside_its_chart(qtbot, width):
    """At 1280x720 a chart is about 480 px wide: "100% ◀ written" once ran past its right edge."""
    from gui.compare.qt_distribution_bars import QtDistributionBars
    bars = QtDistributionBars()
    qtbot.addWidget(bars)
    bars.resize(width, 300)
    bars.show()
    qtbot.waitExposed(bars)
    probs = np.full(50, 0.0001)
    probs[7] = 1 - probs.sum() + 0.0001  # one token nearly certain, and it is the one written
    bars.set_distribution("t", probs, 7, lambda t: f"·tok{t}", right=1.5 * probs.max())
    qtbot.waitUntil(lambda: bars.plot.getPlotItem().getViewBox().width() > 0)
    bars._place_labels()
    assert bars.rows[0][0] == 7 and "written" in bars.labels[0].toPlainText()
    assert all(bars.label_inside_chart(i) for i in range(len(bars.rows)))
