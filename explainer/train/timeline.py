"""The training timeline: weight snapshots at roughly log-spaced steps, so the app can rewind.

Early training changes a model fastest, so snapshots are dense at the start
(0, 10, 30, 100, 300, ...) and sparse later. Each point keeps its metrics and the
sample the model wrote then. In one safetensors file, matrices are stored as int8 with one
float16 scale per row, vectors (biases, LayerNorm gains) as float16.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import torch
from safetensors.torch import save as st_save

from ..checkpoint import load_weights_and_metadata
from ..model import GPT


def log_spaced_steps(limit: int = 10_000_000) -> list[int]:
    """0, 10, 30, 100, 300, 1000, ... up to limit."""
    steps, base = [0], 10
    while base <= limit:
        steps += [base, 3 * base]
        base *= 10
    return [s for s in steps if s <= limit]


@dataclass
class TimelinePoint:
    step: int
    tokens_seen: int
    train_loss: float | None
    val_loss: float | None
    sample: str
    state: dict[str, torch.Tensor] = field(repr=False, default_factory=dict)  # half-precision weights

    def meta(self) -> dict:
        d = asdict(self)
        d.pop("state")
        return d

    def load_into(self, model: GPT) -> None:
        """Put this point's weights into `model` (same config)."""
        own = model.state_dict()
        with torch.no_grad():
            for k, v in self.state.items():
                own[k].copy_(v.to(own[k].dtype))


def snapshot_state(model: GPT) -> dict[str, torch.Tensor]:
    return {k: v.detach().to("cpu", torch.float16).clone() for k, v in model.state_dict().items()
            if k != "lm_head.weight"}


def quantize(v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """int8 with one float16 scale per row: a quarter of float32, errors at most half a step,
    under 0.4% of each row's largest weight. The integers are computed with the scale exactly as
    stored (rounded to float16 first), so what is read back is what was measured."""
    scale = (v.float().abs().amax(dim=-1, keepdim=True) / 127.0).clamp_min(1e-7).half()
    return torch.round(v.float() / scale.float()).clamp(-127, 127).to(torch.int8), scale


def timeline_to_bytes(points: list[TimelinePoint], curve: list[dict] | None = None) -> bytes:
    """Matrices are stored as int8 with per-row scales (the timeline is for looking back, not for
    further training), vectors as float16, so a dozen snapshots fit beside the model."""
    tensors = {}
    for p in points:
        for k, v in p.state.items():
            if v.dim() >= 2:
                tensors[f"{p.step}/{k}"], tensors[f"{p.step}/{k}#scale"] = quantize(v)
            else:
                tensors[f"{p.step}/{k}"] = v.half().contiguous()
    meta = {"points": json.dumps([p.meta() for p in points]), "curve": json.dumps(curve or [])}
    return st_save(tensors, metadata=meta)


def timeline_from_bytes(data: bytes) -> tuple[list[TimelinePoint], list[dict]]:
    tensors, meta = load_weights_and_metadata(data, "the training timeline")
    points = [TimelinePoint(**m) for m in json.loads(meta.get("points", "[]"))]
    for p in points:
        prefix = f"{p.step}/"
        p.state = {k[len(prefix):]: (v.float() * tensors[k + "#scale"].float()).half() if v.dtype == torch.int8
                   else v for k, v in tensors.items() if k.startswith(prefix) and not k.endswith("#scale")}
    return points, json.loads(meta.get("curve", "[]"))
