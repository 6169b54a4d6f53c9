"""A Hugging Face config.json read as our `GPTConfig`, as hostile input.

Three architectures are accepted, those this app runs exactly: GPT-2 (Radford et al. 2019),
GPT-Neo (Black et al. 2021: GPT-2 with unscaled attention and local layers; the TinyStories
models of Eldan & Li 2023 are GPT-Neo) and GPT-NeoX (Black et al. 2022), the design of the
Pythia suite (Biderman et al. 2023).
Every field that is read must have its JSON type (`"n_layer": "12"` is refused, not
guessed), fields this app cannot honour (scaled rotary positions, cross-attention, a
feed-forward layer that is not four times the width) are refused in words, and sizes are
bounded before anything is built, so a config cannot ask for a terabyte.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..config import GPTConfig, json_type
from ..errors import CheckpointError

# Large enough for GPT-2 up to large (36 x 1280, 774 M) and Pythia up to 1.4 B; smaller than any
# model that would not fit a laptop's memory in float32 (GPT-2 XL, 1.56 B, is just over).
LIMITS = {"n_layer": 48, "n_embd": 2048, "n_head": 64, "vocab_size": 262_144, "block_size": 8192}
MAX_PARAMETERS = 1_500_000_000
ARCHITECTURES = {"gpt2": "GPT-2", "gpt_neo": "GPT-Neo", "gpt_neox": "GPT-NeoX (Pythia)"}
_CLASSES = {"gpt2": {"GPT2LMHeadModel", "GPT2Model"}, "gpt_neo": {"GPTNeoForCausalLM", "GPTNeoModel"},
            "gpt_neox": {"GPTNeoXForCausalLM", "GPTNeoXModel"}}
_GELU = {"gelu": "none", "gelu_new": "tanh", "gelu_pytorch_tanh": "tanh"}  # HF's names -> F.gelu's approximate
_REQUIRED = object()


@dataclass(frozen=True)
class HFConfig:
    config: GPTConfig  # ours; vocab_size is the number of rows the weights hold
    arch: str  # "gpt2" or "gpt_neox"
    parameters: int  # as stored (the number a model card gives), tied tables once

    @property
    def architecture(self) -> str:
        return ARCHITECTURES[self.arch]


class _Fields:
    """Reads fields of one JSON object, each with its JSON type or refused."""

    def __init__(self, data: dict, source: str) -> None:
        self.data, self.source = data, source

    def get(self, key: str, kind: type, default=_REQUIRED):
        if key not in self.data or (self.data[key] is None and default is not _REQUIRED):
            if default is _REQUIRED:
                raise CheckpointError(f"{self.source} has no {key}: it does not describe a complete model")
            return default
        value = self.data[key]
        wanted = (int, float) if kind is float else (kind,)
        if not isinstance(value, wanted) or (isinstance(value, bool) and kind is not bool):
            word = {int: "a whole number", float: "a number", bool: "true or false", str: "a string",
                    dict: "an object", list: "a list"}[kind]
            raise CheckpointError(f"{self.source}: {key} must be {word}, not {json_type(value)}")
        if kind is float and not math.isfinite(value):
            raise CheckpointError(f"{self.source}: {key} must be a finite number, not {value}")
        return float(value) if kind is float else value


def parse_hf_config(data: object, source: str) -> HFConfig:
    """Our config for a Hugging Face config.json's contents; CheckpointError, in words, for anything else."""
    if not isinstance(data, dict):
        raise CheckpointError(f"{source} is not a model description (not a JSON object)")
    f = _Fields(data, source)
    model_type = f.get("model_type", str, "")
    if model_type not in ARCHITECTURES:
        raise CheckpointError(f"{source} describes a {model_type or 'model of unknown type'!r} model; this app "
                              "reads GPT-2 (gpt2), GPT-Neo (gpt_neo: TinyStories) and GPT-NeoX (gpt_neox: Pythia)")
    classes = f.get("architectures", list, [])
    if classes and not (set(map(str, classes)) & _CLASSES[model_type]):
        raise CheckpointError(f"{source} is a {classes[0]!s}, not a language model this app can read "
                              f"({', '.join(sorted(_CLASSES[model_type]))})")
    config, mlp_width = {"gpt2": _gpt2, "gpt_neo": _neo, "gpt_neox": _neox}[model_type](f)
    for name, limit in LIMITS.items():
        if getattr(config, name) > limit:
            raise CheckpointError(f"{source} asks for {name} = {getattr(config, name):,}; this app opens models "
                                  f"up to {limit:,} (it is for small models on a laptop)")
    C, L, V = config.n_embd, config.n_layer, config.vocab_size
    per_layer = 12 * C * C + (10 if model_type == "gpt_neo" else 13) * C  # GPT-Neo: no query/key/value biases
    parameters = V * C * (1 if config.tied else 2) + L * per_layer + 2 * C
    parameters += config.block_size * C if config.positions == "learned" else 0
    if parameters > MAX_PARAMETERS:
        raise CheckpointError(f"{source} describes a model of {parameters / 1e6:,.0f} M parameters; this app "
                              f"opens models up to {MAX_PARAMETERS / 1e6:,.0f} M (it is for small models)")
    if mlp_width != 4 * C:  # the neuron views lay out 4 x width neurons per layer, as GPT-2 and Pythia have
        raise CheckpointError(f"{source}: the feed-forward layer is {mlp_width} wide; this app reads models whose "
                              f"feed-forward layer is four times the width ({4 * C})")
    return HFConfig(config, model_type, parameters)


def _build(f: _Fields, **fields) -> GPTConfig:
    for name in ("vocab_size", "block_size", "n_layer", "n_head", "n_embd"):
        if fields[name] <= 0:
            raise CheckpointError(f"{f.source}: {name} must be positive, not {fields[name]}")
    try:
        return GPTConfig(**fields)
    except ValueError as exc:
        raise CheckpointError(f"{f.source} describes a model this app cannot build: {exc}") from None


def _gelu(f: _Fields, key: str, default: str) -> str:
    name = f.get(key, str, default)
    if name not in _GELU:
        raise CheckpointError(f"{f.source}: the activation {name!r} is not one this app computes "
                              f"({', '.join(_GELU)})")
    return _GELU[name]


def _gpt2(f: _Fields) -> tuple[GPTConfig, int]:
    n_embd = f.get("n_embd", int, 768)
    for key, honoured in (("scale_attn_weights", True), ("scale_attn_by_inverse_layer_idx", False),
                          ("add_cross_attention", False)):
        if f.get(key, bool, honoured) is not honoured:
            raise CheckpointError(f"{f.source}: {key} = {not honoured} is a GPT-2 variant this app does not run")
    block = f.get("n_positions", int, f.get("n_ctx", int, 1024))
    return _build(f, vocab_size=f.get("vocab_size", int, 50257), block_size=block, n_layer=f.get("n_layer", int, 12),
                  n_head=f.get("n_head", int, 12), n_embd=n_embd, arch="gpt2", gelu=_gelu(f, "activation_function",
                  "gelu_new"), ln_eps=f.get("layer_norm_epsilon", float, 1e-5),
                  tied=f.get("tie_word_embeddings", bool, True)), f.get("n_inner", int, 4 * n_embd)


def _neox(f: _Fields) -> tuple[GPTConfig, int]:
    n_embd, n_head = f.get("hidden_size", int), f.get("num_attention_heads", int)
    if not f.get("attention_bias", bool, True):
        raise CheckpointError(f"{f.source}: attention without biases is a GPT-NeoX variant this app does not run")
    # transformers 4 writes rotary_pct / rotary_emb_base (Pythia's files); transformers 5 rope_parameters
    rope = _Fields(f.get("rope_parameters", dict, {}), f"{f.source} (rope_parameters)")
    scaling = f.get("rope_scaling", dict, {})
    kind = rope.get("rope_type", str, scaling.get("rope_type", scaling.get("type", "default")))
    if kind != "default":
        raise CheckpointError(f"{f.source}: scaled rotary positions ({kind!r}) are not something this app computes")
    fraction = rope.get("partial_rotary_factor", float, f.get("rotary_pct", float, 0.25))
    base = rope.get("rope_theta", float, f.get("rotary_emb_base", float, 10000.0))
    head_size = n_embd // n_head if n_head > 0 else 0
    return _build(f, vocab_size=f.get("vocab_size", int), block_size=f.get("max_position_embeddings", int, 2048),
                  n_layer=f.get("num_hidden_layers", int), n_head=n_head, n_embd=n_embd, arch="gpt_neox",
                  positions="rotary", rotary_dim=int(head_size * fraction), rotary_base=base,
                  parallel_residual=f.get("use_parallel_residual", bool, True), gelu=_gelu(f, "hidden_act", "gelu"),
                  ln_eps=f.get("layer_norm_eps", float, 1e-5), tied=f.get("tie_word_embeddings", bool, False)), \
        f.get("intermediate_size", int)


def _neo(f: _Fields) -> tuple[GPTConfig, int]:
    n_layer, n_embd = f.get("num_layers", int), f.get("hidden_size", int)
    kinds = []  # [[["global", "local"], 12]]: the pattern, repeated
    for item in f.get("attention_types", list, [[["global", "local"], 12]]):
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], list) and type(item[1]) is int
                and all(k in ("global", "local") for k in item[0]) and 0 <= item[1] * len(item[0]) <= 4096):
            raise CheckpointError(f"{f.source}: attention_types must be [[[\"global\", \"local\"], count], ...]")
        kinds += item[0] * item[1]
    if len(kinds) != n_layer and 0 < n_layer <= LIMITS["n_layer"]:  # other counts are refused below, in words
        raise CheckpointError(f"{f.source}: attention_types describes {len(kinds)} layers, num_layers {n_layer}")
    local = ",".join(str(i) for i, kind in enumerate(kinds) if kind == "local")
    return _build(f, vocab_size=f.get("vocab_size", int, 50257), block_size=f.get("max_position_embeddings", int, 2048),
                  n_layer=n_layer, n_head=f.get("num_heads", int), n_embd=n_embd, arch="gpt_neo",
                  gelu=_gelu(f, "activation_function", "gelu_new"), ln_eps=f.get("layer_norm_epsilon", float, 1e-5),
                  tied=f.get("tie_word_embeddings", bool, True), attn_scale=False, local_layers=local,
                  local_window=f.get("window_size", int, 256) if local else 0), \
        f.get("intermediate_size", int, 4 * n_embd)
