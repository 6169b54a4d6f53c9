"""Pretraining as a stage of the one loop: the next-token guessing game over a large text.

Random windows of the token stream are the batches, the loss is the average surprise at
each next token (cross-entropy, nats per token), and evaluation uses fixed held-out
windows so every evaluation measures the same text. At each timeline point the skills in
`skills.py` are measured, so the window can say what was learned when.
"""
from __future__ import annotations

import torch

from ..model import GPT
from ..sampling import Sampler, SamplerSettings, generate
from ..tokenizer import Tokenizer
from .data import TokenData
from .stage import Stage

EVAL_SEED = 12345  # the held-out windows are the same for every run


class PretrainStage(Stage):
    name = "pretrain"
    title = "Pretraining"

    def __init__(self, model: GPT, tokenizer: Tokenizer, data: TokenData, config, skills=None,
                 test_texts: list[str] | None = None) -> None:
        data.check(model.config.block_size)
        super().__init__(model, tokenizer)
        self.data, self.config = data, config
        self.skills = skills  # a skills.SkillSet, or None to measure nothing extra
        self.test_texts = test_texts
        self.batch_rng = torch.Generator().manual_seed(config.seed)
        eval_rng = torch.Generator().manual_seed(EVAL_SEED)
        self.eval_windows = [data.batch("val", config.batch_size, model.config.block_size, eval_rng)
                             for _ in range(config.eval_batches)]

    def batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        return self.data.batch("train", self.config.batch_size, self.model.config.block_size, self.batch_rng)

    def loss(self, batch) -> tuple[torch.Tensor, dict[str, float]]:
        x, y = batch
        return self.model(x, y)[1], {}

    def tokens_in(self, batch) -> int:
        return batch[0].numel()

    @torch.no_grad()
    def evaluate(self) -> dict[str, float]:
        losses = [float(self.model(x, y)[1]) for x, y in self.eval_windows]
        return {"val_loss": sum(losses) / len(losses)}

    def sample(self) -> str:
        cfg, tok = self.config, self.tokenizer
        prompt = tok.encode(cfg.sample_prompt) or [tok.eot_id]
        sampler = Sampler(SamplerSettings(temperature=0.8, top_k=40), seed=cfg.sample_seed)
        new = [s.token for s in generate(self.model, prompt, cfg.sample_tokens, sampler, stop_tokens=[tok.eot_id])]
        return cfg.sample_prompt + tok.decode(t for t in new if t != tok.eot_id)

    def point_metrics(self) -> dict[str, float]:
        return self.skills.measure(self.model) if self.skills is not None else {}

    def final_metrics(self) -> dict[str, float]:
        """Losses over every token of the held-out text (not the few fixed windows of val_loss)."""
        from .evaluate import text_loss, token_loss
        out = {"val_loss_full_text": token_loss(self.model, self.data.val)}
        if self.test_texts:
            out["test_loss_full_text"] = text_loss(self.model, self.tokenizer, self.test_texts)
        return out

    def rng_states(self) -> dict[str, torch.Generator]:
        return {"batch_rng": self.batch_rng}

    def describe(self) -> dict:
        return {"stage": self.name, "train_tokens": len(self.data.train), "val_tokens": len(self.data.val)}
