"""A small decoder-only transformer (GPT) that can be read top to bottom and looked into.

Follows karpathy's nanoGPT `model.py` (CausalSelfAttention -> MLP -> Block -> GPT,
pre-LayerNorm, GELU MLP, tied input/output embeddings), with TransformerLens-style hook
points on every activation the app draws, and a key/value cache for token-by-token
generation (Radford et al. 2019, "Language Models are Unsupervised Multitask Learners").
The same network also runs real models read from Hugging Face folders (explainer/real/):
GPT-2 as it is; GPT-Neo (the TinyStories models) with unscaled attention and local layers;
GPT-NeoX (Pythia, Biderman et al. 2023) with rotary positions (Su et al. 2021), an output
table of its own and attention and MLP side by side. The config says which.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from .config import GPTConfig
from .hooks import HookPoint, name_hook_points

Rope = tuple[torch.Tensor, torch.Tensor]  # cos and sin of the rotary angles of the positions being read


@dataclass
class KVCache:
    """Keys and values of the tokens already seen, one (k, v) pair per layer, each (B, nh, T, hs)."""

    layers: list[tuple[torch.Tensor, torch.Tensor] | None] = field(default_factory=list)

    @property
    def length(self) -> int:
        first = self.layers[0] if self.layers else None
        return 0 if first is None else first[0].size(2)


def causal_mask(n_query: int, n_key: int, device=None) -> torch.Tensor:
    """(n_query, n_key) bool mask: query i (the last n_query positions) may see keys <= its own position."""
    return torch.ones(n_query, n_key, dtype=torch.bool, device=device).tril(diagonal=n_key - n_query)


def rotary_angles(config: GPTConfig, pos: torch.Tensor, dtype: torch.dtype) -> tuple[torch.Tensor, torch.Tensor]:
    """cos and sin of each position's angles, (T, r) or (B, T, r) for positions (T,) or (B, T), computed
    in the order GPT-NeoX computes them (float32 frequencies, each repeated for both halves)."""
    r = config.rotary_dim
    inv_freq = 1.0 / (config.rotary_base ** (torch.arange(0, r, 2, dtype=torch.float, device=pos.device) / r))
    angles = pos[..., None].float() * inv_freq  # (..., T, r/2): slow turns for later dimensions
    angles = torch.cat((angles, angles), dim=-1)  # (..., T, r)
    return angles.cos().to(dtype), angles.sin().to(dtype)


def rotate(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """Turn the first r dimensions of each head of x (B, nh, T, hs) by its position's angles, pairing
    dimension i with i + r/2 (GPT-NeoX's rotate_half); the other hs - r pass unchanged."""
    if cos.dim() == 3:  # per sequence (a left-padded batch): (B, T, r) -> (B, 1, T, r)
        cos, sin = cos[:, None], sin[:, None]
    r = cos.size(-1)
    turned, kept = x[..., :r], x[..., r:]
    half = torch.cat((-turned[..., r // 2:], turned[..., :r // 2]), dim=-1)
    return torch.cat((turned * cos + half * sin, kept), dim=-1)


def padded_mask(key_mask: torch.Tensor, n_query: int) -> torch.Tensor:
    """(B, 1, n_query, n_key) mask for a left-padded batch: causal, and never a padding key, except
    that a padding position may see itself (a row with nothing to see would be NaN, and NaN times
    a zero weight is still NaN in the next layer)."""
    n_key = key_mask.size(1)
    causal = causal_mask(n_query, n_key, key_mask.device)
    own = torch.zeros(n_query, n_key, dtype=torch.bool, device=key_mask.device)
    own[torch.arange(n_query), torch.arange(n_key - n_query, n_key)] = True
    return (causal & key_mask[:, None, :] | own)[:, None]  # (B, 1, Tq, Tk)


def local_mask(n_query: int, n_key: int, window: int, device=None) -> torch.Tensor:
    """causal_mask, and a query sees only the last `window` keys, itself included (GPT-Neo's local layers)."""
    return causal_mask(n_query, n_key, device) & ~causal_mask(n_query, n_key, device).tril(n_key - n_query - window)


class CausalSelfAttention(nn.Module):
    def __init__(self, config: GPTConfig, layer: int = 0) -> None:
        super().__init__()
        self.n_head = config.n_head
        self.head_size = config.head_size
        self.explicit = config.attn_impl == "explicit"
        self.scale = 1.0 / math.sqrt(self.head_size) if config.attn_scale else 1.0
        self.sdpa_scale = None if config.attn_scale else 1.0  # None: torch's own 1/sqrt(hs), exactly as before
        self.window = config.local_window if layer in config.local_layer_set else 0
        self.c_attn = nn.Linear(config.n_embd, 3 * config.n_embd, bias=config.bias)  # q, k, v at once
        self.c_proj = nn.Linear(config.n_embd, config.n_embd, bias=config.bias)
        self.dropout = config.dropout
        self.hook_pattern = HookPoint()  # (B, nh, Tq, Tk): how much each query attends to each key
        self.hook_z = HookPoint()  # (B, Tq, C): the heads' mixed values, before the output projection

    def forward(self, x: torch.Tensor, cache: KVCache | None = None, layer: int = 0,
                mask: torch.Tensor | None = None, rope: Rope | None = None) -> torch.Tensor:
        """`mask` (B, 1, T, Tk), True where a query may read a key: only for padded batches.
        `rope`: (cos, sin) of the new tokens' positions, for a model with rotary positions."""
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(C, dim=2)
        q = q.view(B, T, self.n_head, self.head_size).transpose(1, 2)  # (B, nh, T, hs)
        k = k.view(B, T, self.n_head, self.head_size).transpose(1, 2)  # (B, nh, T, hs)
        v = v.view(B, T, self.n_head, self.head_size).transpose(1, 2)  # (B, nh, T, hs)
        if rope is not None:  # keys are cached turned: a token's angle depends only on its own position
            q, k = rotate(q, *rope), rotate(k, *rope)
        if cache is not None:
            past = cache.layers[layer]
            if past is not None:
                k = torch.cat([past[0], k], dim=2)  # (B, nh, Tpast + T, hs)
                v = torch.cat([past[1], v], dim=2)
            cache.layers[layer] = (k, v)
        n_key = k.size(2)
        drop = self.dropout if self.training else 0.0
        if self.window:  # a local layer: keys further back than the window are masked like future ones
            near = local_mask(T, n_key, self.window, x.device)
            mask = near if mask is None else mask & near
        if self.explicit or self.hook_pattern.active:
            # the pattern is computed by hand so it can be shown, exactly as it was used
            att = (q @ k.transpose(-2, -1)) * self.scale  # (B, nh, T, Tk)
            att = att.masked_fill(~(causal_mask(T, n_key, x.device) if mask is None else mask), float("-inf"))
            att = self.hook_pattern(F.softmax(att, dim=-1))
            att = F.dropout(att, drop, self.training)
            y = att @ v  # (B, nh, T, hs)
        elif T == n_key and mask is None:
            y = F.scaled_dot_product_attention(q, k, v, dropout_p=drop, is_causal=True, scale=self.sdpa_scale)
        else:
            mask = causal_mask(T, n_key, x.device) if mask is None else mask
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=drop, scale=self.sdpa_scale)
        y = self.hook_z(y.transpose(1, 2).contiguous().view(B, T, C))  # re-assemble the heads side by side
        return F.dropout(self.c_proj(y), drop, self.training)


class MLP(nn.Module):
    def __init__(self, config: GPTConfig) -> None:
        super().__init__()
        self.c_fc = nn.Linear(config.n_embd, 4 * config.n_embd, bias=config.bias)
        self.c_proj = nn.Linear(4 * config.n_embd, config.n_embd, bias=config.bias)
        self.dropout = nn.Dropout(config.dropout)
        self.approximate = config.gelu
        self.hook_post = HookPoint()  # (B, T, 4C): neuron activations after GELU

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.dropout(self.c_proj(self.hook_post(F.gelu(self.c_fc(x), approximate=self.approximate))))


class Block(nn.Module):
    def __init__(self, config: GPTConfig, layer: int = 0) -> None:
        super().__init__()
        self.ln_1 = nn.LayerNorm(config.n_embd, eps=config.ln_eps, bias=config.bias)
        self.attn = CausalSelfAttention(config, layer)
        self.ln_2 = nn.LayerNorm(config.n_embd, eps=config.ln_eps, bias=config.bias)
        self.mlp = MLP(config)
        self.parallel = config.parallel_residual
        self.hook_resid_pre = HookPoint()  # (B, T, C) the stream entering the block
        self.hook_attn_out = HookPoint()  # (B, T, C) what attention adds
        self.hook_resid_mid = HookPoint()  # (B, T, C) after attention, before the MLP
        self.hook_mlp_out = HookPoint()  # (B, T, C) what the MLP adds
        self.hook_resid_post = HookPoint()  # (B, T, C) the stream leaving the block

    def forward(self, x: torch.Tensor, cache: KVCache | None = None, layer: int = 0,
                mask: torch.Tensor | None = None, rope: Rope | None = None) -> torch.Tensor:
        x = self.hook_resid_pre(x)
        mid = self.hook_resid_mid(x + self.hook_attn_out(self.attn(self.ln_1(x), cache, layer, mask, rope)))
        # GPT-NeoX's parallel block: the MLP reads the block's input, not the stream after attention,
        # so resid_mid is then only the running sum (what attention added so far)
        return self.hook_resid_post(mid + self.hook_mlp_out(self.mlp(self.ln_2(x if self.parallel else mid))))


class GPT(nn.Module):
    def __init__(self, config: GPTConfig) -> None:
        super().__init__()
        self.config = config
        self.wte = nn.Embedding(config.vocab_size, config.n_embd)  # token id -> vector
        # position -> vector; None with rotary positions, which turn queries and keys instead
        self.wpe = nn.Embedding(config.block_size, config.n_embd) if config.positions == "learned" else None
        self.drop = nn.Dropout(config.dropout)
        self.blocks = nn.ModuleList([Block(config, layer) for layer in range(config.n_layer)])
        self.ln_f = nn.LayerNorm(config.n_embd, eps=config.ln_eps, bias=config.bias)
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        if config.tied:
            self.lm_head.weight = self.wte.weight  # tied: reading and writing a token use one table
        self.hook_embed = HookPoint()  # (B, T, C) token embeddings
        self.hook_pos_embed = HookPoint()  # (B, T, C) position embeddings
        self.apply(self._init_weights)
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):  # GPT-2: scale residual writes by depth
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * config.n_layer))
        self.hook_points = name_hook_points(self)

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def num_params(self) -> int:
        """Parameters, counting the tied embedding once and leaving out position embeddings (as nanoGPT)."""
        return sum(p.numel() for p in self.parameters()) - (self.wpe.weight.numel() if self.wpe is not None else 0)

    def forward(self, idx: torch.Tensor, targets: torch.Tensor | None = None, cache: KVCache | None = None,
                key_mask: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor | None]:
        """`key_mask` (B, Tk), only for a left-padded batch (several prompts of different lengths
        generated at once): False marks padding, which no token reads; each sequence's positions
        count from its first real token. Tk is the cache's length plus T."""
        logits = self.lm_head(self.hidden(idx, cache, key_mask))  # (B, T, vocab)
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)).float(), targets.reshape(-1), ignore_index=-1)
        return logits, loss

    def hidden(self, idx: torch.Tensor, cache: KVCache | None = None,
               key_mask: torch.Tensor | None = None) -> torch.Tensor:
        """The last layer's output after the final LayerNorm (B, T, C): what the unembedding reads,
        and what a reward model's head reads instead."""
        B, T = idx.size()
        start = cache.length if cache is not None else 0
        if start + T > self.config.block_size:
            raise ValueError(f"{start + T} tokens do not fit the context window of {self.config.block_size}")
        if cache is not None and not cache.layers:
            cache.layers = [None] * self.config.n_layer
        mask = None
        if key_mask is None:
            pos = torch.arange(start, start + T, dtype=torch.long, device=idx.device)  # (T,)
        else:
            pos = (key_mask.long().cumsum(dim=1) - 1).clamp_min(0)[:, start:start + T]  # (B, T): real tokens count
            mask = padded_mask(key_mask, T)
        x = self.hook_embed(self.wte(idx))  # (B, T, C)
        rope = None
        if self.wpe is not None:
            x = x + self.hook_pos_embed(self.wpe(pos))
        else:
            rope = rotary_angles(self.config, pos, x.dtype)  # (T, r) or (B, T, r), shared by every layer
        x = self.drop(x)
        for layer, block in enumerate(self.blocks):
            x = block(x, cache, layer, mask, rope)
        return self.ln_f(x)

    def unembed(self, resid: torch.Tensor) -> torch.Tensor:
        """Read any residual stream as next-token logits (the logit lens, nostalgebraist 2020)."""
        return self.lm_head(self.ln_f(resid))
