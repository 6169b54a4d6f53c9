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

    def __post_init__(self) -> None:
        if self.n_embd % self.n_head:
            raise ValueError(f"n_embd ({self.n_embd}) must be divisible by n_head ({self.n_head})")
        if self.attn_impl not in ("sdpa", "explicit"):
            raise ValueError(f"attn_impl must be 'sdpa' or 'explicit', not {self.attn_impl!r}")
        for name in ("vocab_size", "block_size", "n_layer", "n_head", "n_embd"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")

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
