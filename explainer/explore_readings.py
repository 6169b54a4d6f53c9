"""What the Explore views draw, read from the Exploration's current window: one traced pass per state.

A mixin of `Exploration` (explainer/explore.py), which owns the text, the settings and the
window; this half turns the window into numbers: the next-token distribution after each
filter, attention patterns, the logit lens (nostalgebraist 2020), the embedding's two parts,
the neurons that fire hardest and what each pushes up (Geva et al. 2022). The trace grows
with each Step instead of being made again (`growing_trace.py`), so a real model of GPT-2
small's size steps in tens of milliseconds where a full pass takes 0.4 s.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from .growing_trace import GrowingTrace
from .sampling import Sampler, SampleStep, top_tokens
from .tracing import Trace

# The logit lens reads every layer at every position through the output table. For the bundled
# model (4 layers, 2,048 tokens) that is cheap; for GPT-2 small (12 layers, 50,257 tokens) one
# position costs about 13 ms on one core. So the lens covers only the last positions whose
# layers x vocabulary add up to this many scores: every position of a small model, the last 16
# of GPT-2 small (about 0.2 s when the whole window is new, one position per Step after that).
LENS_CELLS = 10_000_000
MIN_LENS_POSITIONS = 8
PUSH_ROWS = 4096  # rows of the output table scored at once by `neuron_pushes` (a quarter faster than all at once)


@dataclass(frozen=True)
class Candidate:
    token: int
    text: str  # display string, spaces and newlines visible
    model_prob: float  # the model's own probability
    shown_prob: float  # after temperature
    final_prob: float  # after every filter: what a Step draws from
    kept: bool
    cut_by: str = ""  # "top-k" or "top-p" when a filter cut it


class ExplorationReadings:
    # The logit lens is computed from the kept residual stream only when a view asks for it
    # (`lens()`): reading 4 layers x 128 positions through the 2,048-token output costs as much
    # as a third of the forward pass, and most steps show another view.
    PARTS = ("pattern", "mlp", "resid")

    def _new_tracer(self) -> None:
        self._tracer = GrowingTrace(self.PARTS)
        self._trace: Trace | None = None

    def trace(self) -> Trace:
        """The traced pass over the window; `logits` holds the last position's only (1, vocab)."""
        if self._trace is None:
            self._trace = self._tracer.trace(self.model, self.window)
        return self._trace

    def distribution(self) -> SampleStep:
        """The next-token distributions after each filter (nothing is drawn)."""
        return Sampler(self.settings).step(self.trace().logits[-1], force=0)

    def candidates(self, k: int = 10):
        """The k tokens the model ranks highest, in its order (by logit: the temperature keeps it)."""
        d = self.distribution()
        top = top_tokens(self.trace().logits[-1], k).tolist()
        return [Candidate(t, self.tokenizer.display(t), float(d.model_probs[t]), float(d.temperature_probs[t]),
                          float(d.final_probs[t]), bool(d.kept[t]),
                          "" if d.kept[t] else ("top-k" if float(d.top_k_probs[t]) == 0 else "top-p"))
                for t in top]

    def attention(self, layer: int, head: int) -> torch.Tensor:
        """(query, key) weights of one head over the window."""
        return self.trace().pattern(layer)[head]

    def lens_positions(self) -> range:
        """The window positions the logit lens covers: all of a small model's, the last ones of a model
        whose layers x vocabulary make each position expensive (LENS_CELLS)."""
        config, n = self.model.config, len(self.window)
        span = max(MIN_LENS_POSITIONS, LENS_CELLS // (config.n_layer * config.vocab_size))
        return range(max(0, n - span), n)

    def lens(self, top: int = 1) -> tuple[torch.Tensor, torch.Tensor]:
        """Logit lens: (layers, len(lens_positions()), top) token ids and probabilities each layer would
        predict, at the positions `lens_positions()` names (every position for a small model)."""
        self.trace()
        return self._tracer.lens(self.lens_positions(), top)

    @torch.no_grad()
    def embedding_parts(self, position: int) -> tuple[torch.Tensor, torch.Tensor]:
        """How the model first sees the token at a window position: (its token vector, its position vector),
        each (C,). Their sum enters layer 1; the position part is how the model knows word order (attention alone
        reads a bag of words). Rotary positions (`model.wpe is None`): zeros; attention turns queries and keys."""
        window, wpe = self.window, self.model.wpe
        position = min(max(int(position), 0), len(window) - 1)
        token = self.model.wte.weight[window[position]].detach().clone()
        return token, (wpe.weight[position].detach().clone() if wpe is not None else torch.zeros_like(token))

    def top_neurons(self, layer: int, position: int, k: int = 8) -> list[tuple[int, float]]:
        """The most active feed-forward neurons of a layer at a position: (neuron index, activation)."""
        acts = self.trace()["mlp_post", layer][position]
        values, idx = torch.topk(acts, k)
        return list(zip(idx.tolist(), values.tolist()))

    def neuron_effects(self, layer: int, neuron: int, top: int = 5) -> list[tuple[int, str, float]]:
        """The tokens a feed-forward neuron pushes up most directly when it fires (Geva et al. 2022).

        The neuron writes its output weights into the residual stream; the final LayerNorm centres
        that vector (subtracts its mean), multiplies it by its gain, and the unembedding turns it
        into a score per token. The number is that score per unit of firing. Left out: the
        LayerNorm's division by the spread of the whole stream (a positive number shared by every
        token, so it never changes which token is pushed most), its bias (the same whatever the
        neuron does), and every later layer, which may amplify or undo the push."""
        return self.neuron_pushes([(layer, neuron)], top)[layer, neuron]

    @torch.no_grad()
    def neuron_pushes(self, neurons: list[tuple[int, int]], top: int = 1) -> dict[tuple[int, int], list]:
        """`neuron_effects` of several (layer, neuron) pairs at once: one pass over the output table for
        all of them (GPT-2's is 50,257 x 768, 150 MB: read once, not once per neuron)."""
        if not neurons:
            return {}
        m = self.model
        outs = []
        for layer, neuron in neurons:
            w = m.blocks[layer].mlp.c_proj.weight[:, neuron]  # (C,) what one unit of firing adds
            outs.append((w - w.mean()) * m.ln_f.weight)  # (C,) after the final LayerNorm's centring and gain
        outs, table = torch.stack(outs), m.lm_head.weight  # (n, C), (vocab, C)
        values, ids = [], []
        for start in range(0, table.size(0), PUSH_ROWS):  # a slice of the table at a time: it stays in cache
            scores = torch.nn.functional.linear(outs, table[start:start + PUSH_ROWS])  # (n, rows)
            v, i = torch.topk(scores, min(top, scores.size(1)), dim=1)
            values.append(v), ids.append(i + start)
        values, best = torch.topk(torch.cat(values, dim=1), top, dim=1)  # (n, top)
        ids = torch.gather(torch.cat(ids, dim=1), 1, best)
        return {pair: [(t, self.tokenizer.display(t), float(v)) for t, v in zip(ids[i].tolist(), values[i].tolist())]
                for i, pair in enumerate(neurons)}
