"""Save and restore a training run exactly: model, optimizer, step, random generator, timeline.

One safetensors file (tensors plus a JSON header), written atomically, so resuming
after a stop gives the same weights as never having stopped.
"""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import torch
from safetensors.torch import save as st_save

from ..atomic import atomic_write_bytes
from ..checkpoint import CheckpointError, load_weights_and_metadata
from ..model import GPT
from ..tokenizer import Tokenizer
from .data import TokenData
from .timeline import TimelinePoint
from .trainer import TrainConfig, Trainer, TrainState

FORMAT = "explainer-train-state"


def save_state(trainer: Trainer, path: str | Path) -> None:
    s = trainer.state
    tensors = {f"model/{k}": v.detach().contiguous() for k, v in trainer.model.state_dict().items()
               if k != "lm_head.weight"}
    opt = trainer.optimizer.state_dict()
    for idx, slots in opt["state"].items():
        for key, value in slots.items():
            tensors[f"opt/{idx}/{key}"] = torch.as_tensor(value).contiguous()
    for p in s.timeline:
        tensors.update({f"timeline/{p.step}/{k}": v.contiguous() for k, v in p.state.items()})
    tensors["batch_rng"] = trainer.batch_rng.get_state()
    groups = [{k: v for k, v in g.items() if k != "params"} for g in opt["param_groups"]]
    meta = {
        "format": FORMAT, "train_config": asdict(trainer.config), "model_config": trainer.model.config.to_dict(),
        "tokenizer_hash": trainer.tokenizer.hash, "param_groups": groups,
        "state": {"step": s.step, "tokens_seen": s.tokens_seen, "total_steps": s.total_steps,
                  "elapsed_s": s.elapsed_s, "train_seconds": s.train_seconds, "curve": s.curve,
                  "last_sample": s.last_sample},
        "timeline": [p.meta() for p in s.timeline],
    }
    atomic_write_bytes(path, st_save(tensors, metadata={"meta": json.dumps(meta)}))


def load_state(path: str | Path, tokenizer: Tokenizer, data: TokenData) -> Trainer:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CheckpointError(f"cannot read training state {path}: {exc.strerror}") from None
    tensors, header = load_weights_and_metadata(raw, f"training state {path}")
    meta = json.loads(header.get("meta", "{}"))
    if meta.get("format") != FORMAT:
        raise CheckpointError(f"{path} is not an explainer training state")
    if meta["tokenizer_hash"] != tokenizer.hash:
        raise CheckpointError(f"{path} was trained with a different tokenizer")
    from ..config import GPTConfig
    model = GPT(GPTConfig.from_dict(meta["model_config"]))
    model.load_state_dict({k[6:]: v for k, v in tensors.items() if k.startswith("model/")}, strict=False)
    trainer = Trainer(model, tokenizer, data, TrainConfig(**meta["train_config"]))
    opt_state: dict[int, dict] = {}
    for k, v in tensors.items():
        if k.startswith("opt/"):
            _, idx, key = k.split("/", 2)
            opt_state.setdefault(int(idx), {})[key] = v
    groups = [dict(g, params=og["params"]) for g, og in zip(meta["param_groups"], trainer.optimizer.state_dict()["param_groups"])]
    trainer.optimizer.load_state_dict({"state": opt_state, "param_groups": groups})
    trainer.batch_rng.set_state(tensors["batch_rng"])
    st = meta["state"]
    trainer.state = TrainState(st["step"], st["tokens_seen"], st["total_steps"], st["elapsed_s"], st["train_seconds"],
                               st["curve"], [], st["last_sample"])
    for m in meta["timeline"]:
        prefix = f"timeline/{m['step']}/"
        trainer.state.timeline.append(TimelinePoint(**m, state={k[len(prefix):]: v for k, v in tensors.items()
                                                                   if k.startswith(prefix)}))
    trainer._last_good = trainer._copy_weights(), trainer.state.step
    return trainer
