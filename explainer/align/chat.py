"""Asking a model for answers in the chat format, many at once.

A prompt is exactly `User: <request>\\nAssistant:` (role tokens from `Tokenizer.encode_chat`).
An answer runs until the model ends its turn (end-of-text), starts the next `User:` line
itself, or reaches the length cap. Sampling many answers one by one would cost a forward
pass per token per answer; here the prompts are left-padded into one batch, each keeps its
own positions, padding is masked out, and one pass per step serves them all (with the
key/value cache).
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from ..model import GPT, KVCache
from ..sampling import SamplerSettings, filter_distribution
from ..tokenizer import Tokenizer
from .rater import Answer

MAX_ANSWER_TOKENS = 64


@dataclass(frozen=True)
class Sampled:
    prompt: tuple[int, ...]
    tokens: tuple[int, ...]  # the answer's tokens, with the stop token when there was one
    ended: str  # "eot", "user" or "length"

    def answer(self, tokenizer: Tokenizer) -> Answer:
        words = [t for t in self.tokens if t not in (tokenizer.eot_id, tokenizer.user_id)]
        return Answer(tokenizer.decode(words).strip(), self.ended)


def chat_prompt(tokenizer: Tokenizer, text: str) -> list[int]:
    return tokenizer.encode_chat(text)


def _draw(logits: torch.Tensor, settings: SamplerSettings, generator: torch.Generator) -> torch.Tensor:
    """One token per row of (B, vocab) logits, with the sampler's filters."""
    if settings.greedy:
        return logits.argmax(dim=-1)
    if settings.top_k or settings.top_p < 1:
        probs = torch.stack([filter_distribution(row, settings)[3] for row in logits])
    else:
        probs = torch.softmax(logits.float() / settings.temperature, dim=-1)
    return torch.multinomial(probs, 1, generator=generator)[:, 0]


@torch.no_grad()
def sample_batch(model: GPT, tokenizer: Tokenizer, prompts: list[list[int]], settings: SamplerSettings,
                 generator: torch.Generator, max_new: int = MAX_ANSWER_TOKENS) -> list[Sampled]:
    """One answer per prompt, all generated together. The caller puts the model in eval mode."""
    if not prompts:
        return []
    block = model.config.block_size
    max_new = max(1, min(max_new, block - max(len(p) for p in prompts)))
    width = max(len(p) for p in prompts)
    pad = tokenizer.eot_id
    idx = torch.tensor([[pad] * (width - len(p)) + list(p) for p in prompts], dtype=torch.long)  # (B, W)
    key_mask = torch.tensor([[False] * (width - len(p)) + [True] * len(p) for p in prompts])  # (B, W)
    stops = torch.tensor([tokenizer.eot_id, tokenizer.user_id])
    cache = KVCache()
    out = torch.full((len(prompts), max_new), -1, dtype=torch.long)
    done = torch.zeros(len(prompts), dtype=torch.bool)
    logits = model(idx, cache=cache, key_mask=key_mask)[0][:, -1]
    for t in range(max_new):
        token = _draw(logits, settings, generator)
        out[:, t] = torch.where(done, torch.full_like(token, -1), token)
        done |= torch.isin(token, stops)
        if bool(done.all()) or t == max_new - 1:
            break
        key_mask = torch.cat([key_mask, torch.ones(len(prompts), 1, dtype=torch.bool)], dim=1)
        logits = model(token[:, None], cache=cache, key_mask=key_mask)[0][:, -1]
    result = []
    for p, row in zip(prompts, out.tolist()):
        tokens = tuple(t for t in row if t >= 0)
        ended = "eot" if tokens and tokens[-1] == tokenizer.eot_id else \
            "user" if tokens and tokens[-1] == tokenizer.user_id else "length"
        result.append(Sampled(tuple(p), tokens, ended))
    return result


def sample_answers(model: GPT, tokenizer: Tokenizer, texts: list[str], settings: SamplerSettings,
                   seed: int = 0, batch: int = 32, max_new: int = MAX_ANSWER_TOKENS) -> list[Sampled]:
    """Answers to many requests, `batch` at a time, reproducible from `seed`."""
    generator = torch.Generator().manual_seed(seed)
    prompts = [chat_prompt(tokenizer, t) for t in texts]
    out: list[Sampled] = []
    for i in range(0, len(prompts), batch):
        out += sample_batch(model, tokenizer, prompts[i:i + batch], settings, generator, max_new)
    return out
