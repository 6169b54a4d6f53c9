"""The training loop driving pretraining: loss falls, stop + resume == uninterrupted, divergence
stops cleanly, cancel works, and it trains bit for bit as the pretraining Trainer did."""
import math

import pytest
import torch

from explainer import GPT, preset
from explainer.train import PretrainStage, TokenData, TrainConfig, Trainer
from explainer.train.resume import read_state, restore_state, save_state
from explainer.train.timeline import timeline_from_bytes, timeline_to_bytes

FAST = dict(batch_size=8, max_steps=60, warmup=5, report_every=10, eval_every=20, eval_batches=2,
            sample_every=30, sample_tokens=8, lr=3e-3, dtype="float32")


@pytest.fixture
def data(small_tokenizer, world_texts):
    return TokenData.from_texts(small_tokenizer, world_texts[:-20], world_texts[-20:])


def new_trainer(tok, data, **over):
    torch.manual_seed(0)
    model = GPT(preset("nano", tok.vocab_size))
    config = TrainConfig(**{**FAST, **over})
    return Trainer(PretrainStage(model, tok, data, config), config)


def trained(snaps):
    return [s for s in snaps if s.step > 0]


def test_loss_falls_over_50_steps_on_world_text(small_tokenizer, data):
    snaps = list(new_trainer(small_tokenizer, data, max_steps=50).run())
    assert snaps[-1].done and snaps[-1].stopped_reason is None
    assert snaps[-1].train_loss < trained(snaps)[0].train_loss - 0.5
    assert snaps[-1].val_loss < math.log(small_tokenizer.vocab_size)
    assert [s.step for s in snaps] == [0, 10, 20, 30, 40, 50]  # step 0: the random model, before learning
    assert all(s.tokens_per_s > 0 for s in trained(snaps))


def test_the_loop_trains_bit_for_bit_as_the_pretraining_trainer_did(small_tokenizer, data):
    from tests.engine.reference_trainer import TrainConfig as OldConfig
    from tests.engine.reference_trainer import Trainer as OldTrainer
    torch.manual_seed(0)
    old = OldTrainer(GPT(preset("nano", small_tokenizer.vocab_size)), small_tokenizer, data,
                     OldConfig(**{**FAST, "max_steps": 40}))
    old_snaps = list(old.run())
    new = new_trainer(small_tokenizer, data, max_steps=40)
    new_snaps = trained(new.run())
    assert [(s.step, s.train_loss, s.val_loss, s.sample) for s in new_snaps] == \
        [(s.step, s.train_loss, s.val_loss, s.sample) for s in old_snaps]
    for (k, a), b in zip(new.model.state_dict().items(), old.model.state_dict().values()):
        assert torch.equal(a, b), k


def test_snapshots_carry_samples_and_the_timeline_is_log_spaced(small_tokenizer, data):
    t = new_trainer(small_tokenizer, data, max_steps=120)
    snaps = list(t.run())
    assert [s.step for s in snaps if s.sample] == [0, 30, 60, 90, 120]
    assert [s.point.step for s in snaps if s.point is not None] == [0, 10, 30, 100, 120]
    assert all(s.sample.startswith("Once upon a time") for s in snaps if s.sample)
    assert [p.step for p in t.state.timeline] == [0, 10, 30, 100, 120]
    points, curve = timeline_from_bytes(timeline_to_bytes(t.state.timeline, t.state.curve))
    assert [p.step for p in points] == [0, 10, 30, 100, 120] and len(curve) == 12
    assert points[-1].train_loss == pytest.approx(t.state.timeline[-1].metrics["loss"])
    assert points[0].val_loss > points[-1].val_loss  # the model at step 0 knew less
    assert set(points[1].state) == set(t.state.timeline[1].state)


def test_stop_and_resume_equals_an_uninterrupted_run(small_tokenizer, data, tmp_path):
    straight = new_trainer(small_tokenizer, data)
    straight_snaps = list(straight.run())

    first = new_trainer(small_tokenizer, data)
    run = first.run()
    early = [next(run) for _ in range(4)]  # step 0, then 30 steps, then the caller stops pulling
    run.close()
    save_state(first, tmp_path / "state.safetensors")
    resumed = restore_state(new_trainer(small_tokenizer, data), *read_state(tmp_path / "state.safetensors"), "test")
    later = list(resumed.run())
    assert [s.step for s in early + later] == [s.step for s in straight_snaps]
    for a, b in zip(trained(early + later), trained(straight_snaps)):
        assert a.train_loss == pytest.approx(b.train_loss, abs=1e-6)
    for (k, a), b in zip(resumed.model.state_dict().items(), straight.model.state_dict().values()):
        torch.testing.assert_close(a, b, atol=1e-6, rtol=0, msg=k)
    assert [p.step for p in resumed.state.timeline] == [p.step for p in straight.state.timeline]


def test_injected_nan_stops_cleanly_and_restores_good_weights(small_tokenizer, data):
    t = new_trainer(small_tokenizer, data)

    def poison(module, args):  # during step 25, a weight blows up
        if module.training and t.state.step == 24:
            with torch.no_grad():
                module.wte.weight[3, 0] = float("nan")
    snaps = []
    t.model.register_forward_pre_hook(poison)
    for s in t.run():
        snaps.append(s)
    last = snaps[-1]
    assert last.done and "diverged" in last.stopped_reason and "step 20" in last.stopped_reason
    assert all(torch.isfinite(p).all() for p in t.model.parameters())
    assert snaps[-2].step == 20


def test_cancel_stops_between_steps(small_tokenizer, data):
    t = new_trainer(small_tokenizer, data)
    run = t.run()
    next(run), next(run)
    t.cancel()
    rest = list(run)
    assert rest[-1].stopped_reason == "cancelled" and t.state.step == 10


def test_time_budget_ends_the_run(small_tokenizer, data):
    t = new_trainer(small_tokenizer, data, max_steps=100_000, max_seconds=1.5)
    snaps = list(t.run())
    assert snaps[-1].done and snaps[-1].elapsed_s < 10
    assert t.state.total_steps < 100_000


def test_timeline_keeps_its_steps_whatever_the_report_cadence(small_tokenizer, data):
    t = new_trainer(small_tokenizer, data, max_steps=40, report_every=20)
    snaps = list(t.run())
    assert [p.step for p in t.state.timeline] == [0, 10, 30, 40]
    assert [s.step for s in snaps] == [0, 10, 20, 30, 40]


def test_timeline_quantization_errors_stay_under_0_4_percent_of_each_rows_largest_weight():
    from explainer.train.timeline import quantize
    g = torch.Generator().manual_seed(0)
    v = torch.randn(512, 300, generator=g) * torch.rand(512, 1, generator=g).mul(5).exp()
    q, scale = quantize(v)
    back = q.float() * scale.float()  # as the timeline reads it back: int8 times the stored float16 scale
    worst = ((back - v).abs().amax(-1) / v.abs().amax(-1)).max()
    assert worst < 0.004 and q.dtype == torch.int8 and scale.dtype == torch.float16


def test_induction_score_is_near_zero_at_random_and_high_after_training_on_repeats():
    """Trained on random sequences shown twice, a head learns to look back to what followed the same
    token the first time; the score measures exactly where that attention goes (with one fixed
    length, the head may find the spot by position: the score counts that too)."""
    from explainer.train.skills import REPEAT_LENGTH, induction_scores
    torch.manual_seed(0)
    model = GPT(preset("nano", 64))
    assert induction_scores(model.eval()).max() < 0.1
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
    g = torch.Generator().manual_seed(1)
    for _ in range(250):
        first = torch.randint(3, 64, (16, REPEAT_LENGTH), generator=g)
        seq = torch.cat([first, first], 1)
        loss = model(seq[:, :-1], seq[:, 1:])[1]
        opt.zero_grad()
        loss.backward()
        opt.step()
    scores = induction_scores(model.eval(), seed=7)  # fresh sequences, not the training ones
    assert scores.shape == (2, 2) and scores.max() > 0.5


def test_full_text_loss_in_batches_equals_one_window_at_a_time(nano_model):
    from explainer.train.evaluate import token_loss
    ids = torch.randint(0, nano_model.config.vocab_size, (1000,), generator=torch.Generator().manual_seed(0))
    T, half, total, count, start = 64, 32, 0.0, 0, 0
    with torch.no_grad():
        while start + 1 < len(ids):
            y = ids[start + 1:start + T + 1]
            losses = torch.nn.functional.cross_entropy(nano_model(ids[start:start + len(y)][None])[0][0], y,
                                                       reduction="none")
            skip = 0 if start == 0 else half
            total, count, start = total + float(losses[skip:].sum()), count + len(losses) - skip, start + T - half
    assert token_loss(nano_model, ids) == pytest.approx(total / count, rel=1e-6)
