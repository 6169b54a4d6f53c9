"""The reward model: a copy of the fine-tuned model that reads an answer and gives it a score
(Ouyang et al. 2022, step 2; Stiennon et al. 2020).

Its trunk is the SFT model; a single number is read at the answer's last token by a small
head on the final LayerNorm's output. It learns from pairs of answers where someone (the
simulated rater, a program, or a person with the rating panel) preferred one: the
Bradley-Terry loss -log sigmoid(r_chosen - r_rejected), plus a small centring term that keeps
scores near zero (the difference is all that is learned; the level would drift).
`prefix_scores` gives the reward as the answer grows, token by token, for the window.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from ..model import GPT
from ..sampling import SamplerSettings
from ..tokenizer import Tokenizer
from ..train.stage import Stage
from .chat import chat_prompt, sample_answers
from .data import Request
from .rater import Rater
from .sequences import pad_pairs

CENTRING = 0.01
HEAD_FILE = "reward_head.safetensors"


class RewardModel(nn.Module):
    def __init__(self, trunk: GPT) -> None:
        super().__init__()
        self.trunk = trunk
        self.head = nn.Linear(trunk.config.n_embd, 1)
        nn.init.normal_(self.head.weight, std=0.02)
        nn.init.zeros_(self.head.bias)

    def forward(self, x: torch.Tensor, last: torch.Tensor) -> torch.Tensor:
        """(B,) the score of each right-padded sequence, read at its last real token."""
        h = self.trunk.hidden(x)  # (B, T, C)
        return self.head(h[torch.arange(len(x)), last]).squeeze(-1).float()

    @torch.no_grad()
    def prefix_scores(self, tokens: list[int]) -> torch.Tensor:
        """(T,) the score the model would give if the text ended after each token."""
        h = self.trunk.hidden(torch.tensor([tokens]))
        return self.head(h[0]).squeeze(-1).float()

    @torch.no_grad()
    def score(self, tokenizer: Tokenizer, prompt: str, answer_tokens: list[int]) -> float:
        return float(self.prefix_scores(chat_prompt(tokenizer, prompt) + list(answer_tokens))[-1])


@dataclass(frozen=True)
class Pair:
    prompt: str
    prompt_tokens: tuple[int, ...]
    chosen: tuple[int, ...]  # answer tokens, with the stop token when the answer had one
    rejected: tuple[int, ...]
    weight: float = 1.0
    who: str = "program"  # "program" (the simulated rater) or "person"
    p_chosen: float = 0.5  # how sure the rater was (Bradley-Terry probability); 0.5 for people
    gold_margin: float = 0.0  # the rater's noiseless score difference, chosen minus rejected


def answer_tokens(tokenizer: Tokenizer, text: str, ended: str) -> tuple[int, ...]:
    """An answer's tokens as the model wrote them, from its text and how it ended."""
    stop = {"eot": [tokenizer.eot_id], "user": [tokenizer.user_id]}.get(ended, [])
    return tuple(tokenizer.encode(" " + text.strip()) + stop)


def rated_pairs(model: GPT, tokenizer: Tokenizer, requests: list[Request], rater: Rater, seed: int,
                answers: int = 4, temperature: float = 1.0) -> list[Pair]:
    """Several answers per request from `model`; the simulated rater ranks the different ones (with its
    noise) and the pair is its first and its last, so a comparison is spent where answers differ most.
    Dropped, as a labeller would leave them: requests whose answers are all the same, and pairs the
    rater finds equally good (a tie: its choice would be a coin toss, noise for the reward model)."""
    texts = [r.text for r in requests]
    runs = [sample_answers(model, tokenizer, texts, SamplerSettings(temperature=temperature), seed=seed + i)
            for i in range(answers)]
    pairs = []
    for r, sampled in zip(requests, zip(*runs)):
        sampled = list({s.tokens: s for s in sampled}.values())  # each different answer once
        if len(sampled) < 2:
            continue
        order, verdicts = rater.rank(r, [s.answer(tokenizer) for s in sampled])
        best, worst = order[0], order[-1]
        margin = verdicts[best].score - verdicts[worst].score
        if margin == 0:
            continue
        pairs.append(Pair(r.text, sampled[best].prompt, sampled[best].tokens, sampled[worst].tokens, 1.0, "program",
                          1.0 / (1.0 + math.exp(-margin / rater.temperature)), margin))
    return pairs


class RewardStage(Stage):
    name = "reward"
    title = "Reward model"

    def __init__(self, sft_model: GPT, tokenizer: Tokenizer, pairs: list[Pair], config, held_out: float = 0.1,
                 trainable_blocks: int | None = 2) -> None:
        reward_model = RewardModel(sft_model)
        if trainable_blocks is not None:  # a few pairs teach the top of the model; the rest stays as SFT left it
            frozen = [sft_model.wte, sft_model.wpe, *sft_model.blocks[:len(sft_model.blocks) - trainable_blocks]]
            for module in frozen:
                module.requires_grad_(False)
        super().__init__(sft_model, tokenizer, trainable=reward_model)
        self.reward_model, self.config = reward_model, config
        self.rng = torch.Generator().manual_seed(config.seed)
        order = random.Random(config.seed).sample(range(len(pairs)), len(pairs))
        cut = max(1, int(len(pairs) * held_out))
        self.val_pairs = [pairs[i] for i in order[:cut]]
        self.train_pairs = [pairs[i] for i in order[cut:]] or self.val_pairs

    def _encode(self, pairs: list[Pair]):
        rows = [(list(p.prompt_tokens), list(p.chosen)) for p in pairs] + \
               [(list(p.prompt_tokens), list(p.rejected)) for p in pairs]
        x, _, last = pad_pairs(rows, self.tokenizer.eot_id, self.model.config.block_size)
        return x, last, torch.tensor([p.weight for p in pairs])

    def batch(self):
        picks = torch.randint(len(self.train_pairs), (self.config.batch_size,), generator=self.rng)
        return self._encode([self.train_pairs[i] for i in picks])

    def _scores(self, batch) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        x, last, weight = batch
        scores = self.reward_model(x, last)
        n = len(weight)
        return scores[:n], scores[n:], weight

    def loss(self, batch) -> tuple[torch.Tensor, dict[str, float]]:
        chosen, rejected, weight = self._scores(batch)
        bt = -(F.logsigmoid(chosen - rejected) * weight).sum() / weight.sum()
        loss = bt + CENTRING * ((chosen + rejected) ** 2).mean()
        return loss, {"accuracy": float((chosen > rejected).float().mean()),
                      "margin": float((chosen - rejected).mean())}

    def tokens_in(self, batch) -> int:
        return int(batch[0].numel())

    @torch.no_grad()
    def evaluate(self) -> dict[str, float]:
        chosen, rejected, _ = self._scores(self._encode(self.val_pairs))
        decided = torch.tensor([p.gold_margin != 0 for p in self.val_pairs])
        gold = torch.tensor([p.gold_margin for p in self.val_pairs])
        agree_gold = ((chosen - rejected) * gold > 0)[decided].float().mean() if decided.any() else torch.tensor(0.0)
        return {"val_accuracy": float((chosen > rejected).float().mean()),
                "val_margin": float((chosen - rejected).mean()), "val_gold_accuracy": float(agree_gold)}

    def sample(self) -> str:
        """A fixed held-out pair and the two scores the model gives it now."""
        p = self.val_pairs[0]
        chosen, rejected, _ = self._scores(self._encode([p]))
        tok = self.tokenizer

        def words(tokens) -> str:
            return tok.decode(t for t in tokens if not tok.is_special(t)).strip()
        return (f"User: {p.prompt}\nPreferred ({float(chosen[0]):+.2f}): {words(p.chosen)}\n"
                f"Other ({float(rejected[0]):+.2f}): {words(p.rejected)}")

    def rng_states(self) -> dict[str, torch.Generator]:
        return {"rng": self.rng}

    def extra_files(self) -> dict[str, bytes]:
        from safetensors.torch import save
        return {HEAD_FILE: save({k: v.detach().contiguous() for k, v in self.reward_model.head.state_dict().items()})}

    def describe(self) -> dict:
        people = sum(p.who == "person" for p in self.train_pairs + self.val_pairs)
        return {"stage": self.name, "pairs": len(self.train_pairs) + len(self.val_pairs), "pairs_from_people": people}


def load_reward_model(name_or_path) -> tuple[RewardModel, Tokenizer]:
    """A saved reward model: its trunk like any model, its head from the file beside it."""
    from ..checkpoint import CheckpointError, load_checkpoint
    from ..safe_files import read_inside
    lm = load_checkpoint(name_or_path)
    name = lm.info.files.get(HEAD_FILE)
    if name is None:
        raise CheckpointError(f"{lm.path} is a language model, not a reward model (it has no {HEAD_FILE})")
    from ..checkpoint import load_weights_and_metadata
    head, _ = load_weights_and_metadata(read_inside(lm.path, name, "reward head", 1_000_000), f"the head of {lm.path}")
    rm = RewardModel(lm.model)
    expected = {k: tuple(v.shape) for k, v in rm.head.state_dict().items()}
    if {k: tuple(v.shape) for k, v in head.items()} != expected or not all(torch.isfinite(v).all() for v in head.values()):
        raise CheckpointError(f"the reward head of {lm.path} does not fit its model")
    rm.head.load_state_dict({k: v.float() for k, v in head.items()})
    for p in rm.parameters():
        p.requires_grad_(False)
    return rm.eval(), lm.tokenizer
