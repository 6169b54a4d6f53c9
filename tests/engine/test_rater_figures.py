"""One held-out rater figure, named: every figure a run logs from the simulated rater says which requests it
was measured on, and two figures that share a label are measured on the same set."""
import copy

import torch

from explainer import GPT, preset
from explainer.align.data import Request
from explainer.align.rater_figures import FIGURES, HELD_OUT, figure, is_rater_figure
from explainer.align.rlhf import RLHFStage
from explainer.align.watched import ROOM
from explainer.train.loop import TrainConfig, Trainer


def test_two_figures_with_one_label_are_measured_on_one_set():
    by_label = {}
    for key, f in FIGURES.items():
        assert f.measured_on in f.label  # the label itself says the set
        by_label.setdefault(f.label, set()).add(f.measured_on)
    assert all(len(sets) == 1 for sets in by_label.values()), by_label


def test_the_check_can_fail():
    """Two figures that read alike but were measured on different sets must not share a label."""
    from explainer.align.rater_figures import BATCH, RaterFigure
    a, b = RaterFigure("the rater's score", HELD_OUT), RaterFigure("the rater's score", BATCH)
    assert a.label != b.label


class ConstantReward(torch.nn.Module):
    def forward(self, x, last):
        return torch.zeros(len(x))


def test_every_rater_figure_an_rlhf_run_logs_is_named(small_tokenizer):
    torch.manual_seed(0)
    nano = GPT(preset("nano", small_tokenizer.vocab_size))
    prompts = [Request("fact", "What does Tom like?", "Tom likes fish.", "Tom", "favourite_food", "fish")] * 40
    config = TrainConfig(batch_size=2, max_steps=4, warmup=1, lr=1e-3, dtype="float32", report_every=2,
                         eval_every=2, sample_every=2)
    stage = RLHFStage(nano, copy.deepcopy(nano).eval(), ConstantReward(), small_tokenizer, prompts, config,
                      answers_per_prompt=2, max_new=6, watch=ROOM)
    stage.checks.requests = stage.checks.requests[:4]  # a nano test: the same set, fewer of it
    keys = set()
    snaps = list(Trainer(stage, config).run())
    for snap in snaps:
        keys |= set(snap.metrics) | (set(snap.point.metrics) if snap.point else set())
    rater_keys = {k for k in keys if is_rater_figure(k)}
    assert {"rater/score", "rater/all", "val_reward", "batch/rater_score", "watched/0/score"} <= rater_keys
    assert all(figure(k) is not None for k in rater_keys), sorted(k for k in rater_keys if figure(k) is None)
    assert not any(k.startswith(("gold", "val_gold")) for k in keys)  # the old, unnamed figures are gone
    watched = [s for s in snaps if s.sample]  # each sample carries the rater's verdict on each watched answer
    assert watched and all(f"watched/{i}/score" in s.metrics for s in watched for i in range(len(ROOM)))
