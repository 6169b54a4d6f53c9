"""Full-text evaluation: the average next-token loss over every token of a text (nats per token)."""
from __future__ import annotations

import torch

from ..model import GPT
from ..tokenizer import Tokenizer
from .data import encode_documents


@torch.no_grad()
def token_loss(model: GPT, ids: torch.Tensor, max_tokens: int = 400_000, batch: int = 32) -> float:
    """Loss over consecutive windows; each window's first half is context only (except the first), so
    every scored token sees at least half a window of history. Full windows go through in batches."""
    ids = ids[:max_tokens].long()
    T, half = model.config.block_size, model.config.block_size // 2
    was_training = model.training
    model.eval()
    starts = list(range(0, max(len(ids) - 1, 0), T - half))
    full = [s for s in starts if s + T + 1 <= len(ids)]
    total, count = 0.0, 0
    for i in range(0, len(full), batch):
        chunk = full[i:i + batch]
        x = torch.stack([ids[s:s + T] for s in chunk])
        y = torch.stack([ids[s + 1:s + T + 1] for s in chunk])
        losses = torch.nn.functional.cross_entropy(model(x)[0].float().transpose(1, 2), y, reduction="none")
        for row, s in zip(losses, chunk):
            skip = 0 if s == 0 else half
            total, count = total + float(row[skip:].sum()), count + T - skip
    for s in starts[len(full):]:  # the ragged end
        y = ids[s + 1:s + T + 1]
        x = ids[s:s + len(y)]
        losses = torch.nn.functional.cross_entropy(model(x[None])[0][0].float(), y, reduction="none")
        skip = 0 if s == 0 else half
        total, count = total + float(losses[skip:].sum()), count + len(losses) - skip
    model.train(was_training)
    return total / max(1, count)


def text_loss(model: GPT, tokenizer: Tokenizer, texts: list[str], max_tokens: int = 400_000) -> float:
    return token_loss(model, encode_documents(tokenizer, texts), max_tokens)
