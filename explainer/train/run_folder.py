"""Where a training run is kept: a model folder that is always loadable, plus its resume state.

Every few minutes, and at the end, the loop asks its RunFolder to save. Each save writes the
exact-resume state (`train_state.safetensors`) and a complete model folder (weights,
tokenizer, timeline, then model.json last, each atomically), so a run killed at any moment,
by Ctrl-C, a crash of the app or of its worker, or `kill -9`, loses at most the last few
minutes and can be opened in the window or by `explainer sample` as it stands.
"""
from __future__ import annotations

import time
from pathlib import Path

import torch

from ..checkpoint import save_checkpoint
from .resume import save_state
from .timeline import timeline_to_bytes

STATE_FILE = "train_state.safetensors"


class RunFolder:
    def __init__(self, path: str | Path, provenance: dict, save_every_s: float = 300.0,
                 dtype: torch.dtype = torch.float16) -> None:
        self.path = Path(path)
        self.provenance = dict(provenance)
        self.save_every_s = save_every_s
        self.dtype = dtype
        self._last_save = time.monotonic()

    @property
    def state_file(self) -> Path:
        return self.path / STATE_FILE

    def save_if_due(self, trainer) -> bool:
        if time.monotonic() - self._last_save < self.save_every_s:
            return False
        self.save(trainer, ended=False)
        return True

    def save(self, trainer, ended: bool, final: dict | None = None) -> dict:
        """Resume state first, then the loadable model with model.json last: either is whole."""
        s = trainer.state
        save_state(trainer, self.state_file)
        metrics = {"ended": ended, "steps": s.step, "tokens_seen": s.tokens_seen,
                   "wall_seconds": round(s.elapsed_s, 1),
                   "tokens_per_s": round(s.tokens_seen / max(s.train_seconds, 1e-9)),
                   "train_loss": next((c["loss"] for c in reversed(s.curve) if c.get("loss") is not None), None),
                   **(final or {})}
        save_checkpoint(self.path, trainer.model, trainer.tokenizer, step=s.step, metrics=metrics,
                        provenance={**self.provenance, **trainer.stage.describe()}, dtype=self.dtype,
                        extra_files={"timeline.safetensors": timeline_to_bytes(s.timeline, s.curve),
                                     **trainer.stage.extra_files()})
        self._last_save = time.monotonic()
        return metrics

    def finish(self, trainer) -> dict:
        """The end of a run (finished, cancelled or diverged): final measurements, then a full save."""
        trainer.stage.trainable.eval()
        try:
            final = trainer.stage.final_metrics()
        finally:
            trainer.stage.trainable.train()
        return self.save(trainer, ended=True, final=final)
