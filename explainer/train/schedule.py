"""Pure helpers beside the training loop: learning-rate schedule and parameter groups.

Linear warm-up then cosine decay (Loshchilov & Hutter 2017, as in nanoGPT); AdamW
weight decay only on matrices and embeddings, never on biases or LayerNorm gains.
"""
from __future__ import annotations

import math

import torch
from torch import nn


def learning_rate(step: int, max_lr: float, min_lr: float, warmup: int, total: int) -> float:
    if step < warmup:
        return max_lr * (step + 1) / warmup
    if step >= total:
        return min_lr
    progress = (step - warmup) / max(1, total - warmup)
    return min_lr + 0.5 * (1.0 + math.cos(math.pi * progress)) * (max_lr - min_lr)


def make_optimizer(model: nn.Module, lr: float, weight_decay: float, betas=(0.9, 0.95)) -> torch.optim.AdamW:
    params = {n: p for n, p in model.named_parameters() if p.requires_grad}
    decay = [p for p in params.values() if p.dim() >= 2]  # weight matrices and embeddings
    no_decay = [p for p in params.values() if p.dim() < 2]  # biases and LayerNorm gains
    groups = [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=lr, betas=betas)
