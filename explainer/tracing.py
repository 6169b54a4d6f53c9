"""Run the model once and keep what the app draws: the trace.

In the manner of TransformerLens' `run_with_cache`: one forward pass with readers on
the chosen hook points, returning detached CPU tensors in a small object with
ergonomic keys (`trace["pattern", 0]`). Only what is asked for is kept, so tracing
the attention alone costs little more than a plain forward pass.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import torch

from .hooks import NamesFilter, capture
from .model import GPT

# Short names for the hook points, as TransformerLens spells them.
SHORT_NAMES = {
    "pattern": "blocks.{}.attn.hook_pattern",
    "z": "blocks.{}.attn.hook_z",
    "resid_pre": "blocks.{}.hook_resid_pre",
    "attn_out": "blocks.{}.hook_attn_out",
    "resid_mid": "blocks.{}.hook_resid_mid",
    "mlp_out": "blocks.{}.hook_mlp_out",
    "resid_post": "blocks.{}.hook_resid_post",
    "mlp_post": "blocks.{}.mlp.hook_post",
}
# What the app can ask `trace()` for, and which hook points each needs.
PARTS = {
    "pattern": ("pattern",),
    "resid": ("resid_pre", "resid_mid", "resid_post"),
    "mlp": ("mlp_post",),
    "logit_lens": ("resid_post",),
}


def hook_name(short: str, layer: int) -> str:
    return SHORT_NAMES[short].format(layer)


@dataclass
class Cache:
    """Activations by full hook name; `cache["pattern", 2]` is `cache["blocks.2.attn.hook_pattern"]`."""

    store: dict[str, torch.Tensor] = field(default_factory=dict)

    def _key(self, key) -> str:
        if isinstance(key, tuple):
            short, layer = key
            return hook_name(short, layer)
        return key

    def __getitem__(self, key) -> torch.Tensor:
        return self.store[self._key(key)]

    def __contains__(self, key) -> bool:
        return self._key(key) in self.store

    def keys(self):
        return self.store.keys()


@torch.no_grad()
def run_with_cache(model: GPT, idx: torch.Tensor, names_filter: NamesFilter = None) -> tuple[torch.Tensor, Cache]:
    """Forward `idx` (B, T); return logits and the activations of the hook points the filter keeps."""
    with capture(model.hook_points, names_filter) as store:
        logits, _ = model(idx)
    return logits.detach().float().cpu(), Cache(dict(store))


@dataclass
class Trace:
    """Everything the app shows about one pass over one sequence (batch dimension removed).

    tokens: the ids read; logits (T, vocab); patterns[l] (heads, query, key);
    resid_pre / resid_mid / resid_post[l] (T, C); mlp_post[l] (T, 4C);
    logit_lens (layers, T, vocab): the next-token probabilities each layer's output would give.
    """

    tokens: list[int]
    logits: torch.Tensor
    cache: Cache
    logit_lens: torch.Tensor | None = None

    def __getitem__(self, key) -> torch.Tensor:
        return self.cache[key][0]

    def __contains__(self, key) -> bool:
        return key in self.cache

    def pattern(self, layer: int) -> torch.Tensor:
        return self["pattern", layer]

    @property
    def n_layer(self) -> int:
        return 0 if self.logit_lens is None else self.logit_lens.size(0)

    def next_token_probs(self) -> torch.Tensor:
        return torch.softmax(self.logits[-1], dim=-1)


@torch.no_grad()
def trace(model: GPT, tokens: list[int], parts: tuple[str, ...] = ("pattern",)) -> Trace:
    """Trace one sequence that fits the context window; `parts` chooses from PARTS."""
    if not tokens:
        raise ValueError("cannot trace an empty sequence")
    if len(tokens) > model.config.block_size:
        raise ValueError(f"{len(tokens)} tokens exceed the context window of {model.config.block_size}")
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise ValueError(f"unknown trace parts {sorted(unknown)}; choose from {sorted(PARTS)}")
    names = {hook_name(short, layer) for part in parts for short in PARTS[part]
             for layer in range(model.config.n_layer)}
    idx = torch.tensor([tokens], dtype=torch.long, device=next(model.parameters()).device)
    was_training = model.training
    model.eval()
    try:
        logits, cache = run_with_cache(model, idx, names)
        lens = None
        if "logit_lens" in parts:
            resid = torch.stack([cache["resid_post", l][0] for l in range(model.config.n_layer)])  # (L, T, C)
            lens = torch.softmax(model.unembed(resid.to(idx.device)).float(), dim=-1).cpu()  # (L, T, vocab)
            if "resid" not in parts:  # resid_post was only borrowed for the lens
                for l in range(model.config.n_layer):
                    del cache.store[hook_name("resid_post", l)]
    finally:
        model.train(was_training)
    return Trace(tokens=list(tokens), logits=logits[0], cache=cache, logit_lens=lens)
