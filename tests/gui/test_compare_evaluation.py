"""The Evaluation part: a shipped report shown as it is, and one computed on the page's worker
thread without blocking the window, stoppable, its table equal to the engine's report."""
import json

import numpy as np

import pytest

from explainer.align.evaluate import evaluate
from gui.compare.qt_compare_page import QtComparePage
from gui.compare.qt_evaluation import cell

from .test_compare_page import REQUESTS, models  # noqa: F401 - a fixture


@pytest.fixture
def page(qtbot, models, small_tokenizer, tmp_path):  # noqa: F811
    p = QtComparePage(models, small_tokenizer, requests=REQUESTS, eval_path=tmp_path / "missing.json")
    qtbot.addWidget(p)
    p.show_section("eval")
    yield p
    p.shutdown()


def test_a_shipped_report_is_shown_as_it_is(qtbot, models, small_tokenizer, tmp_path):  # noqa: F811
    report = evaluate(models, small_tokenizer, REQUESTS, samples=1, seed=0)
    path = tmp_path / "eval.json"
    path.write_text(json.dumps(report))
    p = QtComparePage(models, small_tokenizer, requests=REQUESTS, eval_path=path)
    qtbot.addWidget(p)
    view = p.evaluation
    assert view.report == json.loads(path.read_text())
    assert "Precomputed" in view.source.text() and "rater (a program)" in view.source.text()
    for name, entry in report["models"].items():
        for c, value in entry["criteria"].items():
            assert view.cell_text(name, c) == cell(value)
    assert view.cell_text("rlhf", "win") == cell(report["models"]["rlhf"]["win_rate_vs_sft"])
    assert "A program judged them" in view.caption.text() and "small world" in view.caption.text()
    p.shutdown()


def test_without_a_report_the_page_says_so_and_computes_one_in_the_background(qtbot, page, models,
                                                                             small_tokenizer):  # noqa: F811
    view = page.evaluation
    assert view.report is None and "No evaluation yet" in view.source.text()
    with qtbot.waitSignal(page.evaluationShown, timeout=60_000) as blocker:
        page.actions.trigger("compare_evaluate")
        assert page.evaluation.runner.busy and not view.progress.isHidden()  # started, and the window goes on
    report = blocker.args[0]
    expected = evaluate(models, small_tokenizer, REQUESTS, samples=4, seed=0)  # the same call, independently
    for name in models:
        assert report["models"][name]["criteria"] == expected["models"][name]["criteria"]
        assert view.cell_text(name, "helpful") == cell(expected["models"][name]["criteria"]["helpful"])
    assert view.progress.isHidden() and "Computed here" in view.source.text()


def test_the_evaluation_stops_when_asked(qtbot, page):
    page.actions.trigger("compare_evaluate")
    job = page.evaluation.job
    page.actions.trigger("compare_evaluate")  # the same key stops it
    assert job.cancelled and page.evaluation.job is None
    assert page.evaluation.runner.wait(10_000)  # it ends at its next forward pass
    assert page.evaluation.report is None and "Stopped" in page.evaluation.source.text()


def test_the_paired_chart_and_sentence_show_the_reports_paired_differences(qtbot):
    """The lower chart draws each aligned model's paired difference from SFT, and the sentence quotes it with
    its interval and says whether the interval is above zero."""
    from gui.compare.qt_evaluation import QtEvaluation
    view = QtEvaluation()
    qtbot.addWidget(view)
    crit = {c: {"rate": 0.5, "ci95": [0.4, 0.6], "n": 10} for c in ("helpful", "harmless", "honest", "interesting",
                                                                 "well_formed", "all")}
    paired = {c: {"diff": 0.06, "ci95": [0.03, 0.09], "n": 10} for c in crit}
    report = {"prompts": 10, "samples": 4, "models": {
        "sft": {"criteria": crit, "win_rate_vs_sft": {"rate": 0.5, "ci95": [0.5, 0.5], "n": 10}},
        "rlhf": {"criteria": crit, "paired_vs_sft": paired, "over_refusal": {"rate": 0.0, "ci95": [0, 0], "n": 9},
                 "made_up": {"rate": 0.1, "ci95": [0.0, 0.2], "n": 10}}}}
    view.show_report(report, "test")
    assert "+6 points [+3, +9]: better than SFT" in view.paired_note.text()
    bars = [i for i in view.paired.getPlotItem().items if type(i).__name__ == "BarGraphItem"]
    assert len(bars) == 1 and np.allclose(bars[0].opts["height"], 0.06)
    assert view.cell_text("rlhf", "made_up") == "10%\n0–20"
