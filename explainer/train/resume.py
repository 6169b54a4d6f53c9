"""Save and restore a training run exactly: weights, optimizer, step, random generators, timeline.

One safetensors file (tensors plus a JSON header), written atomically, so resuming after a
stop gives the same weights as never having stopped. The stage itself (its data, its
model's shape) is rebuilt by the caller from the same recipe; this file restores what the
loop and the stage's generators had reached.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import torch
from safetensors.torch import save as st_save

from ..atomic import atomic_write_bytes
from ..checkpoint import CheckpointError, load_weights_and_metadata
from ..weights import restore_unique_state, unique_state
from .loop import TrainConfig, Trainer, TrainState
from .timeline import TimelinePoint

FORMAT = "explainer-train-state"


def save_state(trainer: Trainer, path: str | Path) -> None:
    s, stage = trainer.state, trainer.stage
    tensors = {f"model/{k}": v for k, v in unique_state(stage.trainable).items()}
    opt = trainer.optimizer.state_dict()
    for idx, slots in opt["state"].items():
        for key, value in slots.items():
            tensors[f"opt/{idx}/{key}"] = torch.as_tensor(value).contiguous()
    for p in s.timeline:
        tensors.update({f"timeline/{p.step}/{k}": v.contiguous() for k, v in p.state.items()})
    for name, rng in stage.rng_states().items():
        tensors[f"rng/{name}"] = rng.get_state()
    groups = [{k: v for k, v in g.items() if k != "params"} for g in opt["param_groups"]]
    meta = {
        "format": FORMAT, "stage": stage.name, "train_config": asdict(trainer.config),
        "model_config": stage.model.config.to_dict(), "tokenizer_hash": stage.tokenizer.hash, "param_groups": groups,
        "state": {"step": s.step, "tokens_seen": s.tokens_seen, "total_steps": s.total_steps,
                  "elapsed_s": s.elapsed_s, "train_seconds": s.train_seconds, "curve": s.curve,
                  "last_sample": s.last_sample, "start_step": s.start_step},
        "timeline": [p.meta() for p in s.timeline],
    }
    atomic_write_bytes(path, st_save(tensors, metadata={"meta": json.dumps(meta)}))


def read_state(path: str | Path) -> tuple[dict, dict[str, torch.Tensor]]:
    """(meta, tensors) of a saved run, refused with words if it is not one."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CheckpointError(f"cannot read training state {path}: {exc.strerror}") from None
    tensors, header = load_weights_and_metadata(raw, f"training state {path}")
    try:
        meta = json.loads(header.get("meta", "{}"))
    except (ValueError, RecursionError):
        meta = {}
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise CheckpointError(f"{path} is not an explainer training state")
    return meta, tensors


def train_config_of(meta: dict) -> TrainConfig:
    return TrainConfig(**meta["train_config"])


def restore_state(trainer: Trainer, meta: dict, tensors: dict[str, torch.Tensor], source: str) -> Trainer:
    """Put a saved run's weights, optimizer, generators and progress into a freshly built trainer."""
    stage = trainer.stage
    if meta["tokenizer_hash"] != stage.tokenizer.hash:
        raise CheckpointError(f"{source} was trained with a different tokenizer")
    if meta.get("stage", "pretrain") != stage.name:
        raise CheckpointError(f"{source} is a {meta.get('stage')} run, not {stage.name}")
    restore_unique_state(stage.trainable, {k[6:]: v for k, v in tensors.items() if k.startswith("model/")}, source)
    opt_state: dict[int, dict] = {}
    for k, v in tensors.items():
        if k.startswith("opt/"):
            _, idx, key = k.split("/", 2)
            opt_state.setdefault(int(idx), {})[key] = v
    own = trainer.optimizer.state_dict()["param_groups"]
    groups = [dict(g, params=og["params"]) for g, og in zip(meta["param_groups"], own)]
    trainer.optimizer.load_state_dict({"state": opt_state, "param_groups": groups})
    for name, rng in stage.rng_states().items():
        rng.set_state(tensors.get(f"rng/{name}", tensors.get(name)))  # the first format stored "batch_rng"
    st = meta["state"]
    trainer.state = TrainState(st["step"], st["tokens_seen"], st["total_steps"], st["elapsed_s"], st["train_seconds"],
                               st["curve"], [], st["last_sample"], st.get("start_step", 0))
    for m in meta["timeline"]:
        prefix = f"timeline/{m['step']}/"
        trainer.state.timeline.append(TimelinePoint.from_meta(m, {k[len(prefix):]: v for k, v in tensors.items()
                                                                  if k.startswith(prefix)}))
    trainer._last_good = trainer._copy_weights(), trainer.state.step
    return trainer
