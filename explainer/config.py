"""Model configuration: one dataclass with typed defaults and named presets.

Follows nanoGPT's `GPTConfig`; `asdict(config)` is stored in every checkpoint so a
model file always says how to rebuild the network that reads it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace


@dataclass(frozen=True)
class GPTConfig:
    vocab_size: int = 2048
    block_size: int = 128  # the context window: how many tokens the model can look back on
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 128
    dropout: float = 0.0
    bias: bool = True
    # "sdpa" uses torch's fused scaled_dot_product_attention; "explicit" computes the
    # softmax pattern by hand. Tracing a pattern always takes the explicit path.
    attn_impl: str = "sdpa"
    # Where a real model read from a Hugging Face folder (explainer/real/) differs from our own
    # design; the defaults are our design, so every model.json written before these existed reads
    # as it always did.
    arch: str = "explainer"  # "explainer", "gpt2", "gpt_neo" (TinyStories) or "gpt_neox" (Pythia): whose design
    positions: str = "learned"  # "learned": a vector per position is added (GPT-2); "rotary": queries
    # and keys are turned by an angle that grows with the position (Su et al. 2021, RoFormer; Pythia)
    rotary_dim: int = 0  # how many of each head's dimensions are turned (Pythia: a quarter of them)
    rotary_base: float = 10000.0
    parallel_residual: bool = False  # GPT-NeoX: attention and MLP both read the block's input, side by side
    gelu: str = "none"  # F.gelu's `approximate`: "none" (exact) or "tanh" (GPT-2's gelu_new)
    ln_eps: float = 1e-5
    tied: bool = True  # the output layer shares the token embedding's table (Pythia's does not)
    attn_scale: bool = True  # divide attention scores by sqrt(head size); GPT-Neo does not
    local_window: int = 0  # GPT-Neo's local layers see only the last `local_window` tokens (themselves included)
    local_layers: str = ""  # which layers are local, "1,3,5"

    def __post_init__(self) -> None:
        if self.n_embd % self.n_head:
            raise ValueError(f"n_embd ({self.n_embd}) must be divisible by n_head ({self.n_head})")
        if self.attn_impl not in ("sdpa", "explicit"):
            raise ValueError(f"attn_impl must be 'sdpa' or 'explicit', not {self.attn_impl!r}")
        for name in ("vocab_size", "block_size", "n_layer", "n_head", "n_embd"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        for name, allowed in (("arch", ARCHS), ("positions", ("learned", "rotary")), ("gelu", ("none", "tanh"))):
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {getattr(self, name)!r}")
        if self.positions == "rotary" and not (0 < self.rotary_dim <= self.head_size and self.rotary_dim % 2 == 0):
            raise ValueError(f"rotary_dim must be even and between 2 and the head size ({self.head_size})")
        if not (self.ln_eps > 0 and self.rotary_base > 0):
            raise ValueError("ln_eps and rotary_base must be positive")
        if self.local_layers and (self.local_window <= 0 or not all(0 <= layer < self.n_layer for layer in
                                                                     self.local_layer_set)):
            raise ValueError(f"local_layers must name layers below {self.n_layer}, with a positive local_window")

    @property
    def local_layer_set(self) -> frozenset[int]:
        try:
            return frozenset(int(part) for part in self.local_layers.split(",") if part.strip())
        except ValueError:
            raise ValueError(f"local_layers must list layer numbers, \"1,3\", not {self.local_layers!r}") from None

    @property
    def head_size(self) -> int:
        return self.n_embd // self.n_head

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "GPTConfig":
        """Build a config from a checkpoint's JSON. Unknown keys and values of the wrong type are
        errors, not guesses: a file says exactly how to rebuild its network, or it is refused."""
        if not isinstance(data, dict):
            raise ValueError(f"the config must be a JSON object, not {type(data).__name__}")
        known = {f.name: f for f in fields(cls)}
        unknown = set(data) - set(known)
        if unknown:
            raise ValueError(f"unknown config keys: {sorted(map(str, unknown))[:5]}")
        for name, value in data.items():
            wanted = _JSON_TYPES[known[name].type]
            # bool is an int in Python; a true/false where a count belongs is still the wrong type
            if not isinstance(value, wanted) or (isinstance(value, bool) and bool not in wanted):
                raise ValueError(f"config field {name} must be {_TYPE_WORDS[known[name].type]}, "
                                 f"not {json_type(value)}")
        return cls(**data)

    def with_vocab(self, vocab_size: int) -> "GPTConfig":
        return replace(self, vocab_size=vocab_size)


ARCHS = ("explainer", "gpt2", "gpt_neo", "gpt_neox")
_JSON_TYPES = {"int": (int,), "float": (int, float), "bool": (bool,), "str": (str,)}
_TYPE_WORDS = {"int": "a whole number", "float": "a number", "bool": "true or false", "str": "a string"}


def json_type(value) -> str:
    """A value's JSON type in words, for refusal messages."""
    for kind, word in ((bool, "true/false"), ((int, float), "a number"), (str, "a string"),
                       (list, "a list"), (dict, "an object"), (type(None), "null")):
        if isinstance(value, kind):
            return word
    return type(value).__name__


# Presets. vocab_size is filled in from the tokenizer when a model is built.
PRESETS: dict[str, GPTConfig] = {
    # tests: seconds on a CPU
    "nano": GPTConfig(n_layer=2, n_head=2, n_embd=32, block_size=64),
    # learns visibly in front of an audience within minutes
    "live": GPTConfig(n_layer=2, n_head=4, n_embd=96, block_size=64, attn_impl="explicit"),
    # the bundled default: the best we can train in about 30 minutes on a 2-core laptop
    "base": GPTConfig(n_layer=4, n_head=4, n_embd=192, block_size=128, attn_impl="explicit"),
}


def preset(name: str, vocab_size: int | None = None) -> GPTConfig:
    if name not in PRESETS:
        raise KeyError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
    config = PRESETS[name]
    return config.with_vocab(vocab_size) if vocab_size else config
