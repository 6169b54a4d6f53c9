"""A trace that grows one token at a time: what the Explore page reads after each Step.

A Step adds one token to the text, and in a causal model nothing about the tokens before it
changes: their attention rows, neurons and residual stream stay exactly what they were. So
instead of tracing the whole window again (GPT-2 small: about 0.4 s for 128 tokens on one
core), only the new token is run, with the model's key/value cache (about 35 ms), and its
row is appended; Back cuts the last row off. Anything else (another prompt, other weights,
a window that moved on) traces the whole window again. The cache of keys and values is the
one `generate` uses (Pope et al. 2022 on why it is exact: keys and values of earlier tokens
do not depend on later ones).

Two more savings a large vocabulary needs (GPT-2: 50,257 tokens):

- the next-token logits are kept for the last position only: nothing else is drawn from
  them, and the output table at every position costs a third of a full pass;
- the logit lens (every layer read through the output table) is computed per position,
  only for the positions asked for, and kept while those positions stay the same.
"""
from __future__ import annotations

import torch

from .hooks import capture
from .model import GPT, KVCache
from .tracing import PARTS, Cache, Trace, hook_name


def weights_stamp(model: GPT) -> int:
    """Changes whenever any weight is written in place: the shelf copies each snapshot into the same
    network (`apply_state`), so the object alone does not say the weights are the same."""
    return sum(p._version for p in model.parameters())


class GrowingTrace:
    """Traces of one window after another, reusing the last one when the new window extends or cuts it."""

    def __init__(self, parts: tuple[str, ...] = ("pattern", "mlp", "resid")) -> None:
        self.parts = parts
        self.full_passes = 0  # how the traces were made, for tests and the bench
        self.grown = 0
        self.reset()

    def reset(self) -> None:
        self._model: GPT | None = None
        self._stamp = -1
        self._tokens: list[int] = []
        self._kv: KVCache | None = None
        self._store: dict[str, torch.Tensor] = {}  # hook name -> (1, ..., T, ...) as the hooks give them
        self._logits = torch.zeros(0)
        self._lens: dict[int, dict[int, tuple[torch.Tensor, torch.Tensor]]] = {}  # top -> position -> (L, top) x2

    # -- the trace ----------------------------------------------------------------------------------
    def trace(self, model: GPT, tokens: list[int]) -> Trace:
        if not tokens:
            raise ValueError("cannot trace an empty sequence")
        same = model is self._model and weights_stamp(model) == self._stamp
        n = len(self._tokens)
        if same and n and len(tokens) == n + 1 and tokens[:n] == self._tokens:
            self._grow(model, tokens[-1])
        elif same and len(tokens) <= n and tokens == self._tokens[:len(tokens)]:
            if len(tokens) < n:
                self._cut(model, len(tokens))
        else:
            self._full(model, tokens)
        return Trace(list(self._tokens), self._logits, Cache(dict(self._store)))

    def _names(self, model: GPT) -> set[str]:
        parts = set(self.parts) | {"resid"}  # resid_post gives the logits after a cut, and the lens
        return {hook_name(short, layer) for part in parts for short in PARTS[part]
                for layer in range(model.config.n_layer)}

    @torch.no_grad()
    def _run(self, model: GPT, tokens: list[int]) -> dict[str, torch.Tensor]:
        """Run `tokens` after what the cache holds; the activations of the new positions."""
        idx = torch.tensor([tokens], dtype=torch.long, device=next(model.parameters()).device)
        was_training = model.training
        if was_training:  # walking every module to set the mode costs milliseconds a step: only when needed
            model.eval()
        try:
            with capture(model.hook_points, self._names(model)) as store:
                hidden = model.hidden(idx, self._kv)  # (1, T, C); the output table is read for the last only
                self._logits = model.lm_head(hidden[:, -1:])[0].detach().float().cpu()  # (1, vocab)
        finally:
            if was_training:
                model.train()
        return dict(store)

    def _full(self, model: GPT, tokens: list[int]) -> None:
        if len(tokens) > model.config.block_size:
            raise ValueError(f"{len(tokens)} tokens exceed the context window of {model.config.block_size}")
        self.reset()
        self._model, self._kv = model, KVCache()
        self._store = self._run(model, tokens)
        self._tokens = list(tokens)
        self._stamp = weights_stamp(model)
        self.full_passes += 1

    def _grow(self, model: GPT, token: int) -> None:
        if len(self._tokens) + 1 > model.config.block_size:
            return self._full(model, self._tokens + [token])
        new = self._run(model, [token])
        for name, old in self._store.items():
            if name.endswith("hook_pattern"):  # (1, nh, T, T): a new key column (0 above the diagonal), a new row
                grown = torch.nn.functional.pad(old, (0, 1, 0, 0))
                self._store[name] = torch.cat([grown, new[name]], dim=2)
            else:  # (1, T, width): a new position
                self._store[name] = torch.cat([old, new[name]], dim=1)
        self._tokens.append(token)
        self.grown += 1

    @torch.no_grad()
    def _cut(self, model: GPT, n: int) -> None:
        for name, old in self._store.items():
            self._store[name] = old[:, :, :n, :n].clone() if name.endswith("hook_pattern") else old[:, :n].clone()
        self._kv.layers = [(k[:, :, :n], v[:, :, :n]) for k, v in self._kv.layers]
        last = self._store[hook_name("resid_post", model.config.n_layer - 1)][0, -1:]  # (1, C)
        self._logits = model.unembed(last.to(next(model.parameters()).device)).float().cpu()  # what hidden gave
        self._tokens = self._tokens[:n]
        for cached in self._lens.values():
            for position in [p for p in cached if p >= n]:
                del cached[position]

    # -- the logit lens ---------------------------------------------------------------------------
    @torch.no_grad()
    def lens(self, positions: range, top: int) -> tuple[torch.Tensor, torch.Tensor]:
        """(ids, probabilities), each (layers, len(positions), top): the `top` tokens each layer's output
        would predict at those positions of the last trace, read through the final LayerNorm and the
        output table (nostalgebraist 2020). Positions computed before are not computed again."""
        model = self._model
        cached = self._lens.setdefault(top, {})
        missing = [p for p in positions if p not in cached]
        if missing:
            layers = model.config.n_layer
            resid = torch.stack([self._store[hook_name("resid_post", l)][0, missing] for l in range(layers)])
            probs = torch.softmax(model.unembed(resid.to(next(model.parameters()).device)).float(), dim=-1).cpu()
            probs, ids = torch.topk(probs, top, dim=-1)  # (L, m, top)
            for i, p in enumerate(missing):
                cached[p] = ids[:, i], probs[:, i]
        if not len(positions):
            empty = torch.zeros(model.config.n_layer, 0, top)
            return empty.long(), empty
        return (torch.stack([cached[p][0] for p in positions], dim=1),
                torch.stack([cached[p][1] for p in positions], dim=1))
