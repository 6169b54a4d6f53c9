"""Alignment on a nano model: each stage's arithmetic against hand-computed values, and its data."""
import math

import pytest
import torch
import torch.nn.functional as F

from explainer import GPT, preset
from explainer.align.data import Request
from explainer.align.dpo import DPOStage
from explainer.align.reward import CENTRING, Pair, RewardStage
from explainer.align.rlhf import RLHFStage, rloo_advantages
from explainer.align.sequences import IGNORE, pad_pairs
from explainer.align.sft import SFTStage, demo_tokens
from explainer.train.loop import TrainConfig

CONFIG = TrainConfig(batch_size=4, max_steps=4, warmup=1, lr=1e-3, dtype="float32")


@pytest.fixture
def nano(small_tokenizer):
    torch.manual_seed(0)
    return GPT(preset("nano", small_tokenizer.vocab_size))


def test_sft_scores_only_the_answer_and_its_ending(small_tokenizer, nano):
    r = Request("fact", "What does Tom like?", "Tom likes fish.")
    prompt, answer = demo_tokens(small_tokenizer, r)
    assert answer[-1] == small_tokenizer.eot_id and prompt[-1] == small_tokenizer.assistant_id
    x, y, _ = pad_pairs([(prompt, answer)], small_tokenizer.eot_id, 64)
    scored = (y[0] != IGNORE).nonzero().flatten().tolist()
    assert scored == list(range(len(prompt) - 1, len(prompt) + len(answer) - 1))  # never a token of the request
    assert y[0, scored].tolist() == answer
    with torch.no_grad():
        logits, loss = nano(x, y)
    by_hand = F.cross_entropy(logits[0, scored], torch.tensor(answer))
    assert loss.item() == pytest.approx(by_hand.item(), rel=1e-5)


def test_sft_stage_batches_mix_demonstrations_and_world_text(small_tokenizer, nano):
    examples = [Request("fact", f"What does Tom like? {i}", "Tom likes fish.") for i in range(20)]
    stage = SFTStage(nano, small_tokenizer, examples, CONFIG, mix=0.5)
    x, y = stage.batch()
    fully_scored = [(row[1:] != IGNORE).all() for row in y]  # text windows: every token after the first
    assert sum(bool(f) for f in fully_scored) == 2 and len(y) == 4


def pairs(tok, n=4):
    p = tuple(tok.encode_chat("What does Tom like?"))
    good, bad = tuple(tok.encode(" Tom likes fish.") + [tok.eot_id]), tuple(tok.encode(" Go away.") + [tok.eot_id])
    return [Pair("What does Tom like?", p, good, bad, gold_margin=3.0) for _ in range(n)]


def test_bradley_terry_loss_matches_the_hand_computed_value(small_tokenizer, nano, monkeypatch):
    stage = RewardStage(nano, small_tokenizer, pairs(small_tokenizer), CONFIG)
    scores = torch.tensor([2.0, 0.5, -1.0, 1.0])  # chosen 2.0 and 0.5, rejected -1.0 and 1.0
    monkeypatch.setattr(stage.reward_model, "forward", lambda x, last: scores)
    batch = (torch.zeros(4, 3, dtype=torch.long), torch.zeros(4, dtype=torch.long), torch.ones(2))
    loss, metrics = stage.loss(batch)
    bt = -(math.log(1 / (1 + math.exp(-3.0))) + math.log(1 / (1 + math.exp(0.5)))) / 2
    centring = CENTRING * ((2.0 - 1.0) ** 2 + (0.5 + 1.0) ** 2) / 2
    assert float(loss) == pytest.approx(bt + centring, rel=1e-6)
    assert metrics["accuracy"] == 0.5 and metrics["margin"] == pytest.approx(1.25)


def test_rloo_advantage_is_each_reward_minus_the_mean_of_the_others():
    adv = rloo_advantages(torch.tensor([1.0, 2.0, 3.0, 4.0, 0.0, 0.0, 0.0, 8.0]), k=4)
    expected = [1 - 3, 2 - 8 / 3, 3 - 7 / 3, 4 - 2, 0 - 8 / 3, 0 - 8 / 3, 0 - 8 / 3, 8 - 0]
    torch.testing.assert_close(adv, torch.tensor(expected))
    assert float(adv.view(2, 4).sum(1).abs().max()) < 1e-6  # a baseline shifts, it does not bias


class ConstantReward(torch.nn.Module):
    def forward(self, x, last):
        return torch.zeros(len(x))


def test_the_kl_term_is_zero_when_policy_and_reference_are_the_same_model(small_tokenizer, nano):
    import copy
    prompts = [Request("fact", "What does Tom like?", "Tom likes fish.")] * 40
    stage = RLHFStage(nano, copy.deepcopy(nano).eval(), ConstantReward(), small_tokenizer, prompts,
                      TrainConfig(batch_size=2, dtype="float32"), beta=0.5, answers_per_prompt=2, max_new=6)
    _, metrics = stage.loss(stage.batch())
    assert metrics["kl"] == pytest.approx(0.0, abs=1e-5)


def test_dpo_implicit_margin_turns_positive_after_a_step(small_tokenizer, nano):
    import copy
    stage = DPOStage(nano, copy.deepcopy(nano).eval(), small_tokenizer, pairs(small_tokenizer, 8), CONFIG, beta=0.5)
    batch = stage._encode(pairs(small_tokenizer, 2))
    _, before = stage.loss(batch)
    assert before["rewards/margins"] == pytest.approx(0.0, abs=1e-6)  # policy == reference: no preference yet
    optimizer = torch.optim.SGD(nano.parameters(), lr=0.5)
    loss, _ = stage.loss(batch)
    loss.backward()
    optimizer.step()
    _, after = stage.loss(batch)
    assert after["rewards/margins"] > 0 and after["rewards/accuracies"] == 1.0
