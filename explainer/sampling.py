"""Choosing the next token: temperature, top-k, top-p (nucleus) and greedy decoding.

Each step returns the chosen token together with the distribution after every
stage, so the app can show what each filter cut (Holtzman et al. 2020, "The Curious
Case of Neural Text Degeneration", for top-p). Randomness comes from a seeded
`torch.Generator`: the same seed gives the same text.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

import torch

from .model import GPT, KVCache


@dataclass(frozen=True)
class SamplerSettings:
    temperature: float = 1.0  # < 1 sharpens the distribution, > 1 flattens it
    top_k: int = 0  # keep only the k most likely tokens; 0 keeps all
    top_p: float = 1.0  # keep the smallest set of tokens whose probabilities add up to p
    greedy: bool = False  # always take the most likely token

    def __post_init__(self) -> None:
        if not self.temperature > 0:
            raise ValueError("temperature must be greater than 0")
        if self.top_k < 0:
            raise ValueError("top_k must be 0 (off) or positive")
        if not 0 < self.top_p <= 1:
            raise ValueError("top_p must be in (0, 1]")


@dataclass(frozen=True)
class SampleStep:
    """One choice. All distributions are (vocab,) probabilities summing to 1."""

    token: int
    model_probs: torch.Tensor  # the model's own distribution (temperature 1)
    temperature_probs: torch.Tensor  # after temperature
    top_k_probs: torch.Tensor  # after top-k, renormalised
    final_probs: torch.Tensor  # after top-p, renormalised: what the token was drawn from
    kept: torch.Tensor  # (vocab,) bool: tokens that survived every filter

    @property
    def probability(self) -> float:
        """The chosen token's probability under the model's own distribution."""
        return float(self.model_probs[self.token])


def rank_tokens(logits: torch.Tensor) -> torch.Tensor:
    """Token ids from most to least likely. Ranked by the logits, not the probabilities: at a low
    temperature float32 rounds most probabilities to exactly 0 and their order would be lost (the
    temperature divides every logit alike, so it never changes the order). Ties go to the lower id."""
    return torch.sort(logits.detach().float().cpu(), descending=True, stable=True).indices


def top_tokens(logits: torch.Tensor, k: int) -> torch.Tensor:
    """`rank_tokens(logits)[:k]` without sorting the whole vocabulary (50,257 tokens for GPT-2: a sort
    costs 4 ms): every token tied with or above the k-th largest logit, in rank_tokens' order."""
    logits = logits.detach().float().cpu()
    if k >= logits.numel():
        return rank_tokens(logits)
    kth = torch.topk(logits, k).values[-1]
    candidates = torch.nonzero(logits >= kth).flatten()  # ascending ids, so the stable sort breaks ties to the lower
    return candidates[torch.sort(logits[candidates], descending=True, stable=True).indices][:k]


def filter_distribution(logits: torch.Tensor, settings: SamplerSettings) -> tuple[torch.Tensor, ...]:
    """(vocab,) logits -> (model, temperature, top-k, top-p) probability vectors and the kept mask.

    Top-k keeps exactly k tokens, by rank (HF's TopKLogitsWarper keeps every token tied with the
    k-th, so it may keep more; exactly k is what the dial says). Top-p walks the same ranking."""
    logits = logits.detach().float().cpu()
    order = rank_tokens(logits) if settings.top_p < 1.0 else None  # top-k alone needs only the first k
    model_probs = torch.softmax(logits, dim=-1)
    temp_probs = torch.softmax(logits / settings.temperature, dim=-1)
    kept = torch.ones_like(temp_probs, dtype=torch.bool)
    if 0 < settings.top_k < temp_probs.numel():
        kept = torch.zeros_like(kept)
        kept[order[:settings.top_k] if order is not None else top_tokens(logits, settings.top_k)] = True
    top_k_probs = _renormalise(temp_probs, kept)
    if settings.top_p < 1.0:
        ranked = top_k_probs[order]
        cumulative = torch.cumsum(ranked, dim=0)
        # keep a token if the mass before it is still short of p (so the top token always stays)
        keep_sorted = (cumulative - ranked) < settings.top_p
        nucleus = torch.zeros_like(kept)
        nucleus[order[keep_sorted]] = True
        kept &= nucleus
    final_probs = _renormalise(temp_probs, kept)
    return model_probs, temp_probs, top_k_probs, final_probs, kept


def _renormalise(probs: torch.Tensor, kept: torch.Tensor) -> torch.Tensor:
    masked = torch.where(kept, probs, torch.zeros_like(probs))
    return masked / masked.sum()


class Sampler:
    """Turns next-token logits into a choice; owns the seeded random generator."""

    def __init__(self, settings: SamplerSettings | None = None, seed: int = 0) -> None:
        self.settings = settings or SamplerSettings()
        self.seed = seed
        self.rng = torch.Generator().manual_seed(seed)

    def reseed(self, seed: int) -> None:
        self.seed = seed
        self.rng = torch.Generator().manual_seed(seed)

    def step(self, logits: torch.Tensor, force: int | None = None) -> SampleStep:
        """Choose from (vocab,) logits; `force` picks a given token (a user's click) instead."""
        model_p, temp_p, topk_p, final_p, kept = filter_distribution(logits, self.settings)
        if force is not None:
            token = int(force)
        elif self.settings.greedy:
            token = int(top_tokens(logits, 1)[0])
        else:
            token = int(torch.multinomial(final_p, 1, generator=self.rng))
        return SampleStep(token, model_p, temp_p, topk_p, final_p, kept)


@torch.no_grad()
def generate(model: GPT, prompt: list[int], max_new_tokens: int, sampler: Sampler,
             stop_tokens: Iterable[int] = (), slide: int | None = None) -> Iterator[SampleStep]:
    """Yield one SampleStep per new token, reusing the keys and values already computed; stop
    after a token in `stop_tokens` (it is yielded).

    A text longer than the context window slides. Positions are learned and absolute, so every
    key and value depends on where its token sits: a slid window must be recomputed, it cannot be
    shifted. Recomputing every token (`slide=1`, the model always reads a full window) costs a
    whole forward pass per token; by default the window slides `block_size // 4` tokens at once,
    so one recomputation serves that many tokens and the model reads between 3/4 of a window and
    a full one (docs/engine.md has the numbers).
    """
    if not prompt:
        raise ValueError("the prompt must hold at least one token")
    block = model.config.block_size
    slide = max(1, block // 4) if slide is None else max(1, min(int(slide), block))
    stops = set(stop_tokens)
    device = next(model.parameters()).device
    tokens = list(prompt)
    cache, fresh = KVCache(), tokens[-block:]
    for _ in range(max_new_tokens):
        if cache.length + len(fresh) > block:  # window full: slide and recompute
            cache, fresh = KVCache(), tokens[-(block - slide + 1):]
        logits, _ = model(torch.tensor([fresh], dtype=torch.long, device=device), cache=cache)
        step = sampler.step(logits[0, -1])
        yield step
        tokens.append(step.token)
        fresh = [step.token]
        if step.token in stops:
            return
