"""Training settings per model preset, chosen by measurement on a 2-core CPU (see docs/training.md).

bfloat16 autocast trains about 1.3-2x faster than float32 on a CPU with bf16 matrix
instructions; for these small widths the explicit attention path beat the fused kernel.
"""
from __future__ import annotations

from dataclasses import replace

from .loop import TrainConfig

TRAIN_PRESETS: dict[str, TrainConfig] = {
    "nano": TrainConfig(batch_size=8, max_steps=200, warmup=10, lr=3e-3, eval_every=50, sample_every=50,
                        dtype="float32"),
    # in front of an audience: snapshots often, a sample every 50 steps (a few seconds)
    "live": TrainConfig(batch_size=32, max_steps=3000, warmup=30, lr=4e-3, min_lr=4e-4, report_every=5,
                        eval_every=50, eval_batches=4, sample_every=50),
    "base": TrainConfig(batch_size=32, max_steps=20000, warmup=200, lr=2e-3, min_lr=2e-4, report_every=20,
                        eval_every=250, eval_batches=16, sample_every=250, sample_tokens=60),
}


def train_preset(name: str, **overrides) -> TrainConfig:
    if name not in TRAIN_PRESETS:
        raise KeyError(f"unknown preset {name!r}; choose one of {', '.join(TRAIN_PRESETS)}")
    return replace(TRAIN_PRESETS[name], **{k: v for k, v in overrides.items() if v is not None})
