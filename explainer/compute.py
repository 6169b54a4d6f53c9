"""How much computing a training run took, beside the published compute of well-known models.

Training a transformer costs about 6 floating-point operations per parameter per token
(2 forward, 4 backward), plus the attention scores, which grow with the context
(Kaplan et al. 2020; the PaLM paper's appendix B, as nanoGPT counts it). The published
figures below are each model's total training compute in FLOP, with where the number
comes from; for models whose makers did not say, they are estimates (docs/training.md).
"""
from __future__ import annotations

from dataclasses import dataclass

from .config import GPTConfig


def flops_per_token(config: GPTConfig, n_params: int) -> float:
    """Training FLOPs per token: 6N for the weights plus the attention scores (PaLM appendix B, as nanoGPT)."""
    return 6 * n_params + 12 * config.n_layer * config.n_embd * config.block_size


def parameters(config: GPTConfig) -> int:
    """As GPT.num_params() counts them (tied embedding once, position embeddings left out), from the shape alone."""
    C, L = config.n_embd, config.n_layer
    bias = 1 if config.bias else 0
    per_block = (2 * C * (1 + bias)  # two LayerNorms
                 + C * 3 * C + 3 * C * bias + C * C + C * bias  # attention: q, k, v and the output projection
                 + C * 4 * C + 4 * C * bias + 4 * C * C + C * bias)  # feed-forward
    return config.vocab_size * C + L * per_block + C * (1 + bias)


def training_flops(config: GPTConfig, tokens_seen: int) -> float:
    return flops_per_token(config, parameters(config)) * tokens_seen


@dataclass(frozen=True)
class Landmark:
    name: str
    year: int
    flops: float
    source: str  # where the number comes from, in words
    estimate: bool  # True when its makers did not publish it


LANDMARKS = (
    Landmark("GPT-2 (1.5 B parameters)", 2019, 1.5e21, "Epoch AI, Notable AI Models database", True),
    Landmark("GPT-3 (175 B parameters)", 2020, 3.14e23, "Brown et al. 2020, Language Models are Few-Shot "
             "Learners, table D.1", False),
    Landmark("GPT-4", 2023, 2.1e25, "Epoch AI, Notable AI Models database", True),
    Landmark("Llama 3.1 (405 B parameters)", 2024, 3.8e25, "Meta, The Llama 3 Herd of Models, 2024", False),
    Landmark("Largest runs of 2025", 2025, 5e26, "Epoch AI estimates for the largest 2025 models "
             "(about 1e26 to 5e26)", True),
)


def compare(flops: float) -> list[tuple[Landmark, float]]:
    """Each landmark with how many times more computing it took than `flops`."""
    return [(m, m.flops / flops if flops > 0 else float("inf")) for m in LANDMARKS]
