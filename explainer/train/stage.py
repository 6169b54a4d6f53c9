"""What a training stage supplies to the one training loop (`loop.Trainer`).

The loop owns everything every stage shares: the learning-rate schedule, the optimizer,
clipping, divergence restore, cancel and pause, the time budget, the evaluation cadence,
timeline points and saving. A stage says only what is its own, in the manner of minGPT's
Trainer knowing nothing about GPT: how to draw a batch, what the loss of a batch is (and the
few numbers worth logging beside it), how to evaluate on held-out data, what sample to
write for the history, and which weights the timeline keeps. Pretraining is one stage;
supervised fine-tuning, the reward model, RLHF and DPO are others.
"""
from __future__ import annotations

from typing import Any

import torch
from torch import nn

from ..model import GPT
from ..tokenizer import Tokenizer


class Stage:
    name = "stage"  # "pretrain", "sft", "reward", "rlhf", "dpo"
    title = "Training"  # what the window and the command line call it

    def __init__(self, model: GPT, tokenizer: Tokenizer, trainable: nn.Module | None = None) -> None:
        self.model = model  # the language model whose weights the timeline keeps
        self.tokenizer = tokenizer
        self.trainable = trainable or model  # what the optimizer updates (a reward model adds a head)

    # -- what every stage must say --------------------------------------------------------
    def batch(self) -> Any:
        """The next training batch, drawn from the stage's own seeded generator."""
        raise NotImplementedError

    def loss(self, batch: Any) -> tuple[torch.Tensor, dict[str, float]]:
        """(scalar loss to minimise, other numbers of this batch worth logging)."""
        raise NotImplementedError

    def tokens_in(self, batch: Any) -> int:
        """How many tokens of text this batch trained on (for tokens/s and the compute meter)."""
        raise NotImplementedError

    # -- what a stage may add -------------------------------------------------------------
    @torch.no_grad()
    def evaluate(self) -> dict[str, float]:
        """Numbers on held-out data, run in eval mode by the loop (e.g. {"val_loss": 0.42})."""
        return {}

    def sample(self) -> str:
        """A text written from the stage's fixed prompt with a fixed seed, so runs can be read."""
        return ""

    def sample_metrics(self) -> dict[str, float]:
        """Numbers about the last `sample` (the rater's verdict on each watched answer), kept beside it."""
        return {}

    def point_metrics(self) -> dict[str, float]:
        """Extra numbers measured at each timeline point (skills); may take a second."""
        return {}

    def final_metrics(self) -> dict[str, float]:
        """Numbers for the saved model's description, measured once at the end."""
        return {}

    def timeline_state(self) -> dict[str, torch.Tensor]:
        """The weights a timeline point keeps (float16 copies)."""
        from .timeline import snapshot_state
        return snapshot_state(self.model)

    def rng_states(self) -> dict[str, torch.Generator]:
        """The stage's random generators, saved for an exact resume."""
        return {}

    def extra_files(self) -> dict[str, bytes]:
        """Files saved beside the model (a reward model's head), by name."""
        return {}

    def describe(self) -> dict:
        """What the saved model's provenance records about the stage's data."""
        return {"stage": self.name}
