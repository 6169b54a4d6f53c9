"""Supervised fine-tuning: showing the model good examples (Ouyang et al. 2022, step 1).

A stage of the one training loop. Each batch holds demonstrations, `User: <request>\\n
Assistant: <good answer>` followed by end-of-text, with the loss on the answer and its
ending only (the model is not taught to write requests), and, mixed in, windows of the
world's stories and fact pages with the ordinary next-token loss: without them the model
forgets how to tell a story (measured: the story loss before and after).
"""
from __future__ import annotations

import random

import torch

from ..model import GPT
from ..tokenizer import Tokenizer
from ..train.stage import Stage
from .chat import chat_prompt
from .data import Request, pretraining_texts
from .sequences import IGNORE, pad_pairs
from .watched import WatchedAnswers

def demo_tokens(tokenizer: Tokenizer, r: Request) -> tuple[list[int], list[int]]:
    """(prompt tokens, answer tokens ending with end-of-text) of one demonstration."""
    return chat_prompt(tokenizer, r.text), tokenizer.encode(" " + r.answer) + [tokenizer.eot_id]


def held_out_stories(n: int = 40, seed: int = 99) -> list[str]:
    from ..world.stories import make_story
    rng = random.Random(seed)
    return [make_story(rng, "val").text for _ in range(n)]


class SFTStage(Stage):
    name = "sft"
    title = "Supervised fine-tuning"

    def __init__(self, model: GPT, tokenizer: Tokenizer, examples: list[Request], config, mix: float = 0.4,
                 checks=None) -> None:
        super().__init__(model, tokenizer)
        self.config, self.mix, self.checks = config, mix, checks  # checks: a RaterChecks, or None
        self.rng = torch.Generator().manual_seed(config.seed)
        split = max(1, len(examples) // 10)
        self.train_demos = [demo_tokens(tokenizer, r) for r in examples[split:]]
        self.val_demos = [demo_tokens(tokenizer, r) for r in examples[:split]]
        block = model.config.block_size
        text = [tokenizer.encode_document(t) + [tokenizer.eot_id] for t in pretraining_texts(600)]
        self.text_windows = [ids[i:i + block + 1] for ids in text for i in range(0, max(1, len(ids) - block), block)]
        self.stories = held_out_stories()
        self.fixed = WatchedAnswers(tokenizer)
        self.story_loss_before = self.story_loss()

    def story_loss(self) -> float:
        from ..train.evaluate import text_loss
        return text_loss(self.model, self.tokenizer, self.stories)

    def batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        B, pad = self.config.batch_size, self.tokenizer.eot_id
        n_text = int(round(B * self.mix))
        demos = [self.train_demos[i] for i in torch.randint(len(self.train_demos), (B - n_text,), generator=self.rng)]
        windows = [self.text_windows[i] for i in torch.randint(len(self.text_windows), (n_text,), generator=self.rng)]
        rows = demos + [([w[0]], w[1:]) for w in windows]  # a text window is scored on every token but its first
        x, y, _ = pad_pairs(rows, pad, self.model.config.block_size)
        return x, y

    def loss(self, batch) -> tuple[torch.Tensor, dict[str, float]]:
        x, y = batch
        logits, loss = self.model(x, y)
        scored = y != IGNORE
        accuracy = ((logits.argmax(-1) == y) & scored).sum() / scored.sum().clamp_min(1)
        return loss, {"mean_token_accuracy": float(accuracy)}

    def tokens_in(self, batch) -> int:
        return int((batch[1] != IGNORE).sum())

    @torch.no_grad()
    def evaluate(self) -> dict[str, float]:
        x, y, _ = pad_pairs(self.val_demos, self.tokenizer.eot_id, self.model.config.block_size)
        return {"val_loss": float(self.model(x, y)[1])}

    def sample(self) -> str:
        return self.fixed.write(self.model)

    def sample_metrics(self) -> dict[str, float]:
        return dict(self.fixed.metrics)

    def point_metrics(self) -> dict[str, float]:
        return self.checks.measure(self.model) if self.checks is not None else {}

    def final_metrics(self) -> dict[str, float]:
        return {"story_loss_before": self.story_loss_before, "story_loss": self.story_loss()}

    def rng_states(self) -> dict[str, torch.Generator]:
        return {"rng": self.rng}

    def describe(self) -> dict:
        return {"stage": self.name, "demonstrations": len(self.train_demos), "mixed_text_share": self.mix}
