"""Prompt + answer sequences as padded batches, and what a model says of them.

Every alignment stage scores answers to prompts: fine-tuning trains on the answer's tokens
only, the reward model reads the last token, RLHF and DPO need the log-probability a model
gives the whole answer. Sequences are right-padded (causal attention never reads ahead, so
padding at the end changes nothing before it) and targets are -1 wherever nothing is scored.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from ..model import GPT

IGNORE = -1


def pad_pairs(pairs: list[tuple[list[int], list[int]]], pad: int, block: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(prompt, answer) token lists -> inputs (B, T), targets (B, T) scoring only the answer, and
    each sequence's last real position (B,). Sequences longer than the window keep their start."""
    seqs = [(p + a)[:block + 1] for p, a in pairs]
    T = max(len(s) for s in seqs) - 1
    x = torch.full((len(seqs), T), pad, dtype=torch.long)
    y = torch.full((len(seqs), T), IGNORE, dtype=torch.long)
    last = torch.zeros(len(seqs), dtype=torch.long)
    for i, ((p, _), s) in enumerate(zip(pairs, seqs)):
        n = len(s) - 1
        x[i, :n] = torch.tensor(s[:-1])
        y[i, len(p) - 1:n] = torch.tensor(s[len(p):])  # predict each answer token from what precedes it
        last[i] = n - 1
    return x, y, last


def answer_logprobs(model: GPT, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(B,) sum of log-probabilities of the scored tokens, and (B, T) per token (0 where unscored)."""
    logits, _ = model(x)
    logp = F.log_softmax(logits.float(), dim=-1)
    scored = y != IGNORE
    per_token = logp.gather(-1, y.clamp_min(0)[..., None])[..., 0] * scored
    return per_token.sum(dim=-1), per_token


def token_entropy(model_logits: torch.Tensor, scored: torch.Tensor) -> torch.Tensor:
    """Mean entropy (nats) of the model's next-token distribution over the scored positions."""
    logp = F.log_softmax(model_logits.float(), dim=-1)
    ent = -(logp.exp() * logp).sum(-1)
    return (ent * scored).sum() / scored.sum().clamp_min(1)
