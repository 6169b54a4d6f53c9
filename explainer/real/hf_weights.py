"""Hugging Face tensor names and layouts mapped onto our GPT's, checked from the headers first.

GPT-2 stores its matrices as `Conv1D` weights, (in, out): the transpose of `nn.Linear`'s.
GPT-Neo keeps queries, keys and values in three matrices without biases: ours is the three
one after the other, with zero biases.
GPT-NeoX packs queries, keys and values per head: the rows of `query_key_value` are
(head 0: q k v, head 1: q k v, ...), so (heads, 3, head size, width) is reordered into our
(3, heads, head size, width), all queries first, then keys, then values. Pythia pads its
embedding tables to a multiple of 128 rows for speed; rows past the tokenizer's last token
stand for no text at all and are left out, so every logit belongs to a token that exists.
Buffers that some files carry (the causal mask `attn.bias`, rotary frequencies) are
recomputed by the model and never read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import torch

from ..errors import CheckpointError
from ..safe_files import MAX_HEADER_BYTES
from .hf_config import HFConfig
from .hf_files import FLOATS, Entry, read_entries, read_tensors, shard_names

# Tensors some files hold that are not weights: causal masks and rotary frequencies, rebuilt by the model.
_BUFFERS = re.compile(r"^(transformer\.|gpt_neox\.)?(h|layers)\.\d+\.(attn\.attention|attn|attention)\."
                      r"(bias|masked_bias|rotary_emb\.inv_freq)$")


@dataclass(frozen=True)
class Mapping:
    theirs: tuple[str, ...]  # the stored tensor(s) it is made of; none: zeros (GPT-Neo's missing q/k/v biases)
    shape: tuple[int, ...]  # of each stored part (of ours when made of none)
    how: str  # "copy", "t" (Conv1D: transpose), "qkv" (NeoX: per head -> ours), "rows" (keep the first `vocab`),
    # "cat" (GPT-Neo's separate q, k, v, one after the other)


@dataclass(frozen=True)
class WeightsPlan:
    """Where each of our tensors is in a folder's files, checked against the config, nothing read yet."""

    folder: Path
    hf: HFConfig
    vocab: int  # our rows: the tokenizer's vocabulary (<= the file's)
    mappings: dict[str, Mapping]
    entries: dict[str, Entry]
    limit: int

    def tensors(self) -> Iterator[tuple[str, torch.Tensor]]:
        """(our name, tensor in our layout, in the stored type) for every tensor our model holds."""
        ours_of = {theirs: ours for ours, m in self.mappings.items() for theirs in m.theirs}
        wanted = {theirs: self.entries[theirs] for theirs in ours_of}
        parts: dict[str, dict[str, torch.Tensor]] = {}  # of tensors made of several stored ones
        for ours, m in self.mappings.items():
            if not m.theirs:
                yield ours, torch.zeros(m.shape)
        for theirs, tensor in read_tensors(self.folder, wanted, self.limit):
            ours = ours_of[theirs]
            m = self.mappings[ours]
            if len(m.theirs) == 1:
                yield ours, convert(tensor, m.how, self.hf.config.n_head, self.vocab)
                continue
            parts.setdefault(ours, {})[theirs] = tensor
            if len(parts[ours]) == len(m.theirs):
                done = parts.pop(ours)
                yield ours, torch.cat([done[name] for name in m.theirs])

    def state(self) -> dict[str, torch.Tensor]:
        return dict(self.tensors())


def convert(t: torch.Tensor, how: str, n_head: int, vocab: int) -> torch.Tensor:
    if how == "t":
        return t.t().contiguous()
    if how == "rows":  # a copy, so the padding rows' memory is let go
        return t[:vocab].clone() if vocab < t.size(0) else t
    if how == "qkv":  # (nh * 3 * hs, ...) -> (3 * nh * hs, ...)
        per_head = t.reshape(n_head, 3, -1, *t.shape[1:])  # (nh, 3, hs[, C])
        return per_head.transpose(0, 1).reshape(t.shape).contiguous()
    return t


# Per architecture: the stored names of the block folder, of each of our layer tensors, the final
# LayerNorm, the embedding and output tables; and whether matrices are stored as Conv1D (in, out).
_NAMES = {
    "gpt2": ("h", {"ln_1": "ln_1", "ln_2": "ln_2", "attn.c_attn": "attn.c_attn", "attn.c_proj": "attn.c_proj",
                   "mlp.c_fc": "mlp.c_fc", "mlp.c_proj": "mlp.c_proj"}, "ln_f", "wte", "lm_head.weight", True),
    "gpt_neo": ("h", {"ln_1": "ln_1", "ln_2": "ln_2", "attn.c_attn": "attn.attention.{}_proj",
                      "attn.c_proj": "attn.attention.out_proj", "mlp.c_fc": "mlp.c_fc", "mlp.c_proj": "mlp.c_proj"},
                "ln_f", "wte", "lm_head.weight", False),
    "gpt_neox": ("layers", {"ln_1": "input_layernorm", "ln_2": "post_attention_layernorm",
                            "attn.c_attn": "attention.query_key_value", "attn.c_proj": "attention.dense",
                            "mlp.c_fc": "mlp.dense_h_to_4h", "mlp.c_proj": "mlp.dense_4h_to_h"},
                 "final_layer_norm", "embed_in", "embed_out.weight", False),
}


def mappings(hf: HFConfig, stored: set[str]) -> dict[str, Mapping]:
    """Our name -> where it is stored, for this architecture and the prefix the file uses (a model saved
    with its language-model head has "transformer." or "gpt_neox." before the body's names)."""
    c = hf.config
    C, V = c.n_embd, c.vocab_size
    block, layer_names, final, embed, head, conv1d = _NAMES[hf.arch]
    base = "gpt_neox." if hf.arch == "gpt_neox" else "transformer."
    p = base if any(k.startswith(base) for k in stored) else ""
    out = {"wte.weight": Mapping((f"{p}{embed}.weight",), (V, C), "rows")}
    if c.positions == "learned":
        out["wpe.weight"] = Mapping((f"{p}wpe.weight",), (c.block_size, C), "copy")
    linear = {"attn.c_attn": (C, 3 * C), "attn.c_proj": (C, C), "mlp.c_fc": (C, 4 * C), "mlp.c_proj": (4 * C, C)}
    for layer in range(c.n_layer):
        for ours, theirs in layer_names.items():
            src, dst = f"{p}{block}.{layer}.{theirs}", f"blocks.{layer}.{ours}"
            if ours in ("ln_1", "ln_2"):
                out[f"{dst}.weight"] = Mapping((f"{src}.weight",), (C,), "copy")
                out[f"{dst}.bias"] = Mapping((f"{src}.bias",), (C,), "copy")
            elif "{}" in src:  # GPT-Neo: q, k and v apart and without biases
                out[f"{dst}.weight"] = Mapping(tuple(f"{src.format(x)}.weight" for x in "qkv"), (C, C), "cat")
                out[f"{dst}.bias"] = Mapping((), (3 * C,), "zeros")
            else:
                n_in, n_out = linear[ours]
                how = "qkv" if hf.arch == "gpt_neox" and ours == "attn.c_attn" else "t" if conv1d else "copy"
                out[f"{dst}.weight"] = Mapping((f"{src}.weight",), (n_in, n_out) if conv1d else (n_out, n_in), how)
                out[f"{dst}.bias"] = Mapping((f"{src}.bias",), (n_out,), "qkv" if how == "qkv" else "copy")
    out["ln_f.weight"] = Mapping((f"{p}{final}.weight",), (C,), "copy")
    out["ln_f.bias"] = Mapping((f"{p}{final}.bias",), (C,), "copy")
    if not c.tied:
        out["lm_head.weight"] = Mapping((head,), (V, C), "rows")
    return out


def weights_limit(hf: HFConfig, n_files: int) -> int:
    """The most bytes the weight files of this config can hold: every tensor in float32, a second output
    table (a tied one stored anyway), a causal mask per layer, and a header per file."""
    c = hf.config
    return 4 * (hf.parameters + c.vocab_size * c.n_embd + c.n_layer * (c.block_size ** 2 + 256)) \
        + n_files * (8 + MAX_HEADER_BYTES)


def plan_weights(folder: Path, hf: HFConfig, vocab: int) -> WeightsPlan:
    """Check the folder's weight files against the config from their headers alone (names, shapes,
    types, sizes); nothing large is read or built before this passes."""
    shards = shard_names(folder)
    limit = weights_limit(hf, len(shards))
    entries = read_entries(folder, shards, limit)
    plan = mappings(hf, set(entries))
    theirs = {name: m for m in plan.values() for name in m.theirs}
    missing = sorted(set(theirs) - set(entries))
    extra = sorted(k for k in set(entries) - set(theirs) if not _BUFFERS.match(k)
                   and not (hf.config.tied and k in ("lm_head.weight", "embed_out.weight")))  # re-tied, as HF does
    if missing or extra:
        raise CheckpointError(f"the weights in {folder} do not fit its config.json ({hf.architecture}): "
                              f"missing {missing[:4]}, unexpected {extra[:4]}")
    for name, m in theirs.items():
        e = entries[name]
        if e.shape != m.shape:
            raise CheckpointError(f"the weights in {folder}: {name} has shape {e.shape}, config.json says {m.shape}")
        if e.dtype not in FLOATS:
            raise CheckpointError(f"the weights in {folder}: {name} is stored as {e.dtype}; model weights must be "
                                  "float32, float16 or bfloat16")
    return WeightsPlan(folder, hf, vocab, plan, entries, limit)
