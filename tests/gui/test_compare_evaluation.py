"""The Evaluation part: a shipped report shown as it is, and one computed on the page's worker
thread without blocking the window, stoppable, its table equal to the engine's report."""
import json

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
    expected = evaluate(models, small_tokenizer, REQUESTS, samples=2, seed=0)  # the same call, independently
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
