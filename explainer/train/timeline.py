"""The training timeline: weight snapshots at roughly log-spaced steps, so the app can rewind.

Early training changes a model fastest, so snapshots are dense at the start
(0, 10, 30, 100, 300, ...) and sparse later. Each point keeps its metrics (losses, and the
skills measured then) and the sample the model wrote then. In one safetensors file,
matrices are stored as int8 with one float16 scale per row, vectors (biases, LayerNorm
gains) as float16: the timeline is for looking back, not for further training.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import torch
from safetensors.torch import save as st_save

from ..checkpoint import load_weights_and_metadata
from ..model import GPT
from ..weights import apply_state, saved_state


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
    metrics: dict[str, float | None] = field(default_factory=dict)  # loss, val_loss, skills, ... of that moment
    sample: str = ""
    state: dict[str, torch.Tensor] = field(repr=False, default_factory=dict)  # float16 weights

    @property
    def train_loss(self) -> float | None:
        return self.metrics.get("loss")

    @property
    def val_loss(self) -> float | None:
        return self.metrics.get("val_loss")

    def meta(self) -> dict:
        return {"step": self.step, "tokens_seen": self.tokens_seen, "metrics": dict(self.metrics),
                "sample": self.sample}

    @classmethod
    def from_meta(cls, m: dict, state: dict[str, torch.Tensor] | None = None) -> "TimelinePoint":
        """Also reads the first format, which kept train_loss and val_loss as fields of their own."""
        metrics = dict(m.get("metrics") or {})
        if "train_loss" in m:
            metrics.setdefault("loss", m["train_loss"])
        if "val_loss" in m:
            metrics.setdefault("val_loss", m["val_loss"])
        return cls(int(m["step"]), int(m.get("tokens_seen", 0)), metrics, str(m.get("sample", "")), state or {})

    def load_into(self, model: GPT) -> None:
        """Put this point's weights into `model` (same config), checked first."""
        apply_state(model, self.state, f"the timeline at step {self.step}")


def snapshot_state(model: GPT) -> dict[str, torch.Tensor]:
    return saved_state(model, torch.float16)


def quantize(v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """int8 with one float16 scale per row: a quarter of float32, errors at most half a step,
    under 0.4% of each row's largest weight. The integers are computed with the scale exactly as
    stored (rounded to float16 first), so what is read back is what was measured."""
    scale = (v.float().abs().amax(dim=-1, keepdim=True) / 127.0).clamp_min(1e-7).half()
    return torch.round(v.float() / scale.float()).clamp(-127, 127).to(torch.int8), scale


def timeline_to_bytes(points: list[TimelinePoint], curve: list[dict] | None = None) -> bytes:
    """Matrices are stored as int8 with per-row scales, vectors as float16, so a dozen snapshots
    fit beside the model."""
    tensors = {}
    for p in points:
        for k, v in p.state.items():
            if v.dim() >= 2:
                tensors[f"{p.step}/{k}"], tensors[f"{p.step}/{k}#scale"] = quantize(v)
            else:
                tensors[f"{p.step}/{k}"] = v.half().contiguous()
    meta = {"points": json.dumps([p.meta() for p in points]), "curve": json.dumps(curve or [])}
    return st_save(tensors, metadata=meta)


def timeline_from_bytes(data: bytes, source: str = "the training timeline") -> tuple[list[TimelinePoint], list[dict]]:
    tensors, meta = load_weights_and_metadata(data, source)
    try:
        points = [TimelinePoint.from_meta(m) for m in json.loads(meta.get("points", "[]"))]
        curve = json.loads(meta.get("curve", "[]"))
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        from ..errors import CheckpointError
        raise CheckpointError(f"{source} is damaged ({exc.__class__.__name__}: {exc})") from None
    for p in points:
        prefix = f"{p.step}/"
        p.state = {k[len(prefix):]: (v.float() * tensors[k + "#scale"].float()).half() if v.dtype == torch.int8
                   else v for k, v in tensors.items() if k.startswith(prefix) and not k.endswith("#scale")}
    return points, curve if isinstance(curve, list) else []


MAX_POINTS = 64  # a timeline holds a few dozen snapshots at most; more is not ours


def load_timeline(loaded) -> tuple[list[TimelinePoint], list[dict]]:
    """The timeline stored beside a loaded model (`checkpoint.LoadedModel`), or ([], []) when it has
    none; read from inside its folder only, every point checked against the model's shape."""
    from ..checkpoint import weights_limit
    from ..safe_files import read_inside
    from ..weights import check_state
    if isinstance(getattr(loaded, "timeline", None), list):  # a real model's revisions (explainer/real/)
        return list(loaded.timeline), []
    name = loaded.info.files.get("timeline.safetensors")
    if name is None:
        return [], []
    source = f"the timeline of {loaded.path}"
    data = read_inside(loaded.path, name, "timeline file", MAX_POINTS * weights_limit(loaded.info.config))
    points, curve = timeline_from_bytes(data, source)
    for p in points:
        check_state(p.state, loaded.info.config, f"{source}, step {p.step}")
    return sorted(points, key=lambda p: p.step), curve
