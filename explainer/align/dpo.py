"""DPO: learning from the same pairs of ratings without a reward model (Rafailov et al. 2023).

The preferred answer's log-probability should rise, relative to the fine-tuned reference
model, more than the other answer's: loss = -log sigmoid(beta * ((log pi(chosen) -
log pi_ref(chosen)) - (log pi(rejected) - log pi_ref(rejected)))). The implicit rewards
beta * (log pi - log pi_ref) are logged as TRL names them. Both usually fall: the loss only
asks for their gap to grow, and pushing the rejected answer down is easier than lifting the
chosen one, which also loses probability to answers that are neither (docs/alignment.md).
"""
from __future__ import annotations

import random

import torch
import torch.nn.functional as F

from ..model import GPT
from ..tokenizer import Tokenizer
from ..train.stage import Stage
from .reward import Pair
from .sequences import IGNORE, answer_logprobs, pad_pairs
from .watched import WatchedAnswers


class DPOStage(Stage):
    name = "dpo"
    title = "DPO (preferences without a reward model)"

    def __init__(self, policy: GPT, reference: GPT, tokenizer: Tokenizer, pairs: list[Pair], config,
                 beta: float = 0.1, checks=None) -> None:
        super().__init__(policy, tokenizer)
        self.reference, self.config, self.beta, self.checks = reference, config, beta, checks
        self.rng = torch.Generator().manual_seed(config.seed)
        order = random.Random(config.seed).sample(range(len(pairs)), len(pairs))
        cut = max(1, len(pairs) // 10)
        self.val_pairs = [pairs[i] for i in order[:cut]]
        self.train_pairs = [pairs[i] for i in order[cut:]] or self.val_pairs
        self.fixed = WatchedAnswers(tokenizer)

    def _encode(self, pairs: list[Pair]) -> dict:
        rows = [(list(p.prompt_tokens), list(p.chosen)) for p in pairs] + \
               [(list(p.prompt_tokens), list(p.rejected)) for p in pairs]
        x, y, _ = pad_pairs(rows, self.tokenizer.eot_id, self.model.config.block_size)
        with torch.no_grad():
            ref, _ = answer_logprobs(self.reference, x, y)
        return {"x": x, "y": y, "ref": ref, "weight": torch.tensor([p.weight for p in pairs])}

    def batch(self) -> dict:
        picks = torch.randint(len(self.train_pairs), (self.config.batch_size,), generator=self.rng)
        return self._encode([self.train_pairs[i] for i in picks])

    def _rewards(self, batch) -> tuple[torch.Tensor, torch.Tensor]:
        logp, _ = answer_logprobs(self.model, batch["x"], batch["y"])
        implicit = self.beta * (logp - batch["ref"])
        n = len(batch["weight"])
        return implicit[:n], implicit[n:]

    def loss(self, batch) -> tuple[torch.Tensor, dict[str, float]]:
        chosen, rejected = self._rewards(batch)
        w = batch["weight"]
        loss = -(F.logsigmoid(chosen - rejected) * w).sum() / w.sum()
        chosen, rejected = chosen.detach(), rejected.detach()  # the metrics need no gradient
        return loss, {"rewards/chosen": float(chosen.mean()), "rewards/rejected": float(rejected.mean()),
                      "rewards/margins": float((chosen - rejected).mean()),
                      "rewards/accuracies": float((chosen > rejected).float().mean())}

    def tokens_in(self, batch) -> int:
        return int((batch["y"] != IGNORE).sum())

    @torch.no_grad()
    def evaluate(self) -> dict[str, float]:
        chosen, rejected = self._rewards(self._encode(self.val_pairs))
        return {"val_loss": float(-F.logsigmoid(chosen - rejected).mean()),
                "val_rewards/accuracies": float((chosen > rejected).float().mean())}

    def sample(self) -> str:
        return self.fixed.write(self.model)

    def sample_metrics(self) -> dict[str, float]:
        return dict(self.fixed.metrics)

    def point_metrics(self) -> dict[str, float]:
        return self.checks.measure(self.model) if self.checks is not None else {}

    def rng_states(self) -> dict[str, torch.Generator]:
        return {"rng": self.rng}

    def describe(self) -> dict:
        return {"stage": self.name, "beta": self.beta, "pairs": len(self.train_pairs) + len(self.val_pairs)}
