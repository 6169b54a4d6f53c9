"""A plain nanoGPT-style training loop, written only as a speed yardstick for the benchmark.

Deliberately minimal and independent of `explainer.model`: its own tiny GPT, no hooks,
no snapshots, no evaluation. If the instrumented Trainer is slower than this, the
instruments cost too much.
"""
from __future__ import annotations

import time
from contextlib import nullcontext

import torch
import torch.nn.functional as F
from torch import nn


class _Block(nn.Module):
    def __init__(self, d: int, heads: int, explicit: bool) -> None:
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.fc, self.out = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)
        self.heads, self.explicit = heads, explicit

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.qkv(self.ln1(x)).view(B, T, 3, self.heads, C // self.heads).permute(2, 0, 3, 1, 4)
        if self.explicit:
            att = (q @ k.transpose(-2, -1)) / (C // self.heads) ** 0.5
            att = att.masked_fill(torch.ones(T, T, dtype=torch.bool).triu(1), float("-inf")).softmax(-1)
            y = att @ v
        else:
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.proj(y.transpose(1, 2).reshape(B, T, C))
        return x + self.out(F.gelu(self.fc(self.ln2(x))))


class PlainGPT(nn.Module):
    def __init__(self, vocab: int, block: int, layers: int, heads: int, d: int, explicit: bool) -> None:
        super().__init__()
        self.tok, self.pos = nn.Embedding(vocab, d), nn.Embedding(block, d)
        self.blocks = nn.Sequential(*[_Block(d, heads, explicit) for _ in range(layers)])
        self.ln, self.head = nn.LayerNorm(d), nn.Linear(d, vocab, bias=False)
        self.head.weight = self.tok.weight

    def forward(self, idx, targets):
        x = self.tok(idx) + self.pos(torch.arange(idx.size(1)))
        logits = self.head(self.ln(self.blocks(x)))
        return F.cross_entropy(logits.reshape(-1, logits.size(-1)).float(), targets.reshape(-1))


def plain_loop_tokens_per_s(cfg, data: torch.Tensor, batch_size: int, seconds: float,
                            dtype: str, explicit: bool) -> float:
    """Train the plain model on random windows of `data` for `seconds`; return tokens/s (after 3 warm-up steps)."""
    torch.manual_seed(0)
    model = PlainGPT(cfg.vocab_size, cfg.block_size, cfg.n_layer, cfg.n_head, cfg.n_embd, explicit)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.1)
    ctx = torch.autocast("cpu", dtype=torch.bfloat16) if dtype == "bfloat16" else nullcontext()
    T, steps, t0 = cfg.block_size, 0, None
    while True:
        starts = torch.randint(0, len(data) - T - 1, (batch_size,))
        w = data[starts[:, None] + torch.arange(T + 1)].long()
        with ctx:
            loss = model(w[:, :-1], w[:, 1:])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        steps += 1
        if t0 is None and steps == 3:  # the first steps warm up allocators and kernels
            t0, steps = time.perf_counter(), 0
        elif t0 is not None and time.perf_counter() - t0 >= seconds:
            return steps * batch_size * T / (time.perf_counter() - t0)
