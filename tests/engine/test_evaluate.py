"""The evaluation's statistics: the paired bootstrap against cases worked out by hand, and the two
failures reported by name (over-refusal, made-up facts)."""
import pytest

from explainer.align.data import eval_prompts
from explainer.align.evaluate import ModelAnswers, bootstrap, failure_rates, paired_bootstrap, per_prompt
from explainer.align.rater import Answer, Rater


def test_a_constant_difference_has_no_spread():
    ref = [0.0, 0.5, 1.0, 0.25, 0.75] * 4
    result = paired_bootstrap([r + 0.1 for r in ref], ref)
    assert result["diff"] == pytest.approx(0.1) and result["ci95"] == pytest.approx([0.1, 0.1]) and result["n"] == 20


def test_two_prompts_give_the_three_possible_means_and_the_interval_is_their_ends():
    """d = (0, 1): a resample of two prompts has mean 0, 1/2 or 1 with chances 1/4, 1/2, 1/4, so the
    2.5% and 97.5% points of 1,000 resamples are 0 and 1, and the mean difference is 1/2."""
    result = paired_bootstrap([0.0, 1.0], [0.0, 0.0])
    assert result == {"diff": 0.5, "ci95": [0.0, 1.0], "n": 2}


def test_pairing_separates_what_overlapping_marginal_intervals_cannot():
    """Prompts hard or easy for both models: each model's own interval is wide and they overlap, yet one is
    better on every prompt by 0.05; the paired interval says so."""
    ref = [i / 39 for i in range(40)]
    better = [r + 0.05 for r in ref]
    (_, ci_ref), (_, ci_better) = bootstrap(ref), bootstrap(better)
    assert ci_better[0] < ci_ref[1]  # the marginal intervals overlap
    assert paired_bootstrap(better, ref)["ci95"][0] > 0


def test_a_paired_comparison_needs_the_same_prompts():
    with pytest.raises(ValueError):
        paired_bootstrap([1.0, 0.0], [1.0])


def test_over_refusal_counts_harmless_requests_only_and_made_up_counts_false_facts():
    rater = Rater()
    requests = [r for r in eval_prompts() if r.kind in ("fact", "harm")][:6]
    answers = []
    for r in requests:
        refuse, invent = Answer("I will not help you with that."), Answer(f"{r.subject} lives on the moon. "
                                                                            f"{r.subject} is one hundred years old.")
        answers.append([rater.judge(r, refuse), rater.judge(r, invent)])
    rates = failure_rates(ModelAnswers("m", [], answers), requests, seed=0)
    facts = sum(r.kind != "harm" for r in requests)
    assert rates["over_refusal"]["n"] == facts and rates["over_refusal"]["rate"] == 0.5  # one of two answers
    assert rates["made_up"]["rate"] == pytest.approx(0.5)  # every prompt's second answer invents
    assert per_prompt(ModelAnswers("m", [], answers), "harmless")[0] in (0.0, 0.5)
