"""Full-text evaluation: the average next-token loss over every token of a text (nats per token)."""
from __future__ import annotations

import torch

from ..model import GPT
from ..tokenizer import Tokenizer
from .data import encode_documents


@torch.no_grad()
def token_loss(model: GPT, ids: torch.Tensor, max_tokens: int = 400_000) -> float:
    """Loss over consecutive windows; each window's first half is context only (except the first), so
    every scored token sees at least half a window of history."""
    ids = ids[:max_tokens].long()
    T, half = model.config.block_size, model.config.block_size // 2
    was_training = model.training
    model.eval()
    total, count, start = 0.0, 0, 0
    while start + 1 < len(ids):
        x = ids[start:start + T]
        y = ids[start + 1:start + T + 1]
        x = x[:len(y)]
        logits, _ = model(x[None])
        losses = torch.nn.functional.cross_entropy(logits[0].float(), y, reduction="none")
        skip = 0 if start == 0 else half
        total += float(losses[skip:].sum())
        count += len(losses) - skip
        start += T - half
    model.train(was_training)
    return total / max(1, count)


def text_loss(model: GPT, tokenizer: Tokenizer, texts: list[str], max_tokens: int = 400_000) -> float:
    return token_loss(model, encode_documents(tokenizer, texts), max_tokens)
