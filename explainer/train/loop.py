"""The one training loop every stage runs in: a generator yielding small frozen snapshots.

The loop is nanoGPT's (AdamW, warm-up then cosine decay, gradient clipping, periodic
evaluation on held-out data), written as a generator in the manner of minGPT's `Trainer`
so any caller (a progress bar, a Qt worker, a test) drives it with `next()`. What is
particular to pretraining, fine-tuning, a reward model or RLHF is a `Stage`. Between two
snapshots the caller may stop pulling (pause), call `cancel()`, or save the full state and
resume later with identical results. With a `RunFolder` the loop also saves a loadable
model every few minutes and at the end, so a killed run loses little.
"""
from __future__ import annotations

import math
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Iterator

import torch

from .schedule import learning_rate, make_optimizer
from .stage import Stage
from .timeline import TimelinePoint, log_spaced_steps


@dataclass(frozen=True)
class TrainConfig:
    batch_size: int = 32
    max_steps: int = 1000  # the schedule's length; with max_seconds it is re-estimated from speed
    max_seconds: float | None = None
    lr: float = 3e-3
    min_lr: float = 3e-4
    warmup: int = 50
    weight_decay: float = 0.1
    grad_clip: float = 1.0
    report_every: int = 10  # steps between snapshots
    eval_every: int = 100
    eval_batches: int = 8
    sample_every: int = 100
    sample_prompt: str = "Once upon a time"
    sample_seed: int = 1
    sample_tokens: int = 40
    seed: int = 0
    dtype: str = "bfloat16"  # autocast dtype on the CPU: "bfloat16" or "float32"

    def __post_init__(self) -> None:
        if self.dtype not in ("bfloat16", "float32"):
            raise ValueError("dtype must be 'bfloat16' or 'float32'")


@dataclass(frozen=True)
class TrainSnapshot:
    """What the app draws after a few steps; small and immutable so it can cross threads and
    processes (a plain copy of `metrics` each time, so it pickles). `metrics` holds what the stage measured (loss, val_loss, accuracy, reward, ...);
    `point` is set when this step added a timeline point (then it carries float16 weights)."""

    stage: str
    step: int
    total_steps: int
    tokens_seen: int
    lr: float
    grad_norm: float
    tokens_per_s: float
    elapsed_s: float
    metrics: dict[str, float | None] = field(default_factory=dict)
    sample: str | None = None
    done: bool = False
    stopped_reason: str | None = None
    point: TimelinePoint | None = None

    @property
    def train_loss(self) -> float:
        """The training loss averaged over the steps since the last snapshot (NaN before any step)."""
        loss = self.metrics.get("loss")
        return float("nan") if loss is None else loss

    @property
    def val_loss(self) -> float | None:
        return self.metrics.get("val_loss")


@dataclass
class TrainState:
    step: int = 0
    tokens_seen: int = 0
    total_steps: int = 0
    elapsed_s: float = 0.0
    train_seconds: float = 0.0  # time spent in training steps only (for tokens/s)
    curve: list[dict] = field(default_factory=list)  # {step, tokens_seen, loss, val_loss, ...}
    timeline: list[TimelinePoint] = field(default_factory=list)
    last_sample: str = ""
    start_step: int = 0  # a run forked from a snapshot counts its schedule from here


class Trainer:
    def __init__(self, stage: Stage, config: TrainConfig = TrainConfig(), folder=None) -> None:
        self.stage, self.config, self.folder = stage, config, folder  # folder: a RunFolder, or None
        self.optimizer = make_optimizer(stage.trainable, config.lr, config.weight_decay)
        self.state = TrainState(total_steps=config.max_steps)
        self.sample_measured: dict[str, float] = {}  # the stage's numbers about its last sample
        self.timeline_steps = set(log_spaced_steps())
        self._cancel = False
        self._last_good = self._copy_weights(), 0

    @property
    def model(self):
        return self.stage.model

    @property
    def tokenizer(self):
        return self.stage.tokenizer

    # -- control ----------------------------------------------------------------
    def cancel(self) -> None:
        """Ask the loop to stop after the current step (thread-safe: a flag read between steps)."""
        self._cancel = True

    def _copy_weights(self) -> dict[str, torch.Tensor]:
        return {k: v.detach().clone() for k, v in self.stage.trainable.state_dict().items()}

    def _autocast(self):
        if self.config.dtype == "bfloat16":
            return torch.autocast("cpu", dtype=torch.bfloat16)
        return nullcontext()

    # -- pure helpers, bracketed by eval() and train() ----------------------------------------
    def evaluate(self) -> dict[str, float]:
        self.stage.trainable.eval()
        with torch.no_grad(), self._autocast():
            out = self.stage.evaluate()
        self.stage.trainable.train()
        return out

    def sample(self) -> str:
        self.stage.trainable.eval()
        text = self.stage.sample()
        self.sample_measured = self.stage.sample_metrics()  # numbers about this sample, kept with it
        self.stage.trainable.train()
        return text

    def _record_timeline(self, metrics: dict, val: dict | None) -> TimelinePoint | None:
        s = self.state
        if any(p.step == s.step for p in s.timeline):
            return None
        sample = s.last_sample if s.step % self.config.sample_every == 0 and s.last_sample else self.sample()
        measured = dict(metrics) | self.sample_measured
        measured.update(val if val is not None else self.evaluate())
        self.stage.trainable.eval()
        measured.update(self.stage.point_metrics())
        self.stage.trainable.train()
        point = TimelinePoint(s.step, s.tokens_seen, measured, sample, self.stage.timeline_state())
        s.timeline.append(point)
        return point

    # -- the loop ---------------------------------------------------------------
    def run(self) -> Iterator[TrainSnapshot]:
        cfg, s, stage = self.config, self.state, self.stage
        stage.trainable.train()
        if not s.timeline:  # the model before this run changed it (the random one at step 0): the history's start
            point = self._record_timeline({"loss": None}, None)
            s.last_sample = point.sample
            yield self._snapshot(point.metrics, 0.0, 0, 0.0, cfg.lr, False, None, point.sample, point)
        started = time.perf_counter() - s.elapsed_s
        sums: dict[str, float] = {}
        window_steps, window_time, window_tokens, grad_norm, lr = 0, 0.0, 0, 0.0, cfg.lr
        while s.step < s.total_steps:
            if self._cancel:
                yield self._end(sums, window_steps, window_time, window_tokens, grad_norm, lr, "cancelled")
                return
            t0 = time.perf_counter()
            lr = learning_rate(s.step - s.start_step, cfg.lr, cfg.min_lr, cfg.warmup,
                               s.total_steps - s.start_step)  # total: see _fit_schedule_to_time
            for group in self.optimizer.param_groups:
                group["lr"] = lr
            batch = stage.batch()
            with self._autocast():
                loss, extra = stage.loss(batch)
            if not torch.isfinite(loss):
                yield self._diverged(f"the loss became {loss.item()} at step {s.step + 1}")
                return
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            grad_norm = float(torch.nn.utils.clip_grad_norm_(stage.trainable.parameters(), cfg.grad_clip))
            if not math.isfinite(grad_norm):
                yield self._diverged(f"the gradient became {grad_norm} at step {s.step + 1}")
                return
            self.optimizer.step()
            tokens = stage.tokens_in(batch)
            s.step += 1
            s.tokens_seen += tokens
            dt = time.perf_counter() - t0
            s.train_seconds += dt
            for k, v in {"loss": loss.item(), **extra}.items():
                sums[k] = sums.get(k, 0.0) + float(v)
            window_steps, window_time, window_tokens = window_steps + 1, window_time + dt, window_tokens + tokens
            s.elapsed_s = time.perf_counter() - started
            if cfg.max_seconds is not None:
                self._fit_schedule_to_time(s)
            last = s.step >= s.total_steps
            on_timeline = s.step in self.timeline_steps
            if s.step % cfg.report_every == 0 or last or on_timeline:  # the timeline keeps its own steps
                val = self.evaluate() if (s.step % cfg.eval_every == 0 or last) else None
                sample = None
                if s.step % cfg.sample_every == 0 or last:
                    sample = s.last_sample = self.sample()
                metrics = {k: v / window_steps for k, v in sums.items()} | (self.sample_measured if sample else {})
                s.curve.append({"step": s.step, "tokens_seen": s.tokens_seen, **metrics,
                                **(val or {"val_loss": None})})
                point = self._record_timeline(metrics, val) if (on_timeline or last) else None
                self._last_good = self._copy_weights(), s.step
                if self.folder is not None and not last:
                    self.folder.save_if_due(self)
                s.elapsed_s = time.perf_counter() - started
                snap = self._snapshot(metrics | (val or {}), window_time, window_tokens, grad_norm, lr, last, None,
                                      sample, point)
                yield self._with_final(snap) if (last and self.folder is not None) else snap
                sums, window_steps, window_time, window_tokens = {}, 0, 0.0, 0
                started = time.perf_counter() - s.elapsed_s  # time spent paused by the caller does not count

    def _fit_schedule_to_time(self, s: TrainState) -> None:
        """With a time budget the cosine runs over time, not steps: the run ends on time with the
        learning rate fully decayed, however fast or slow the machine is (or becomes)."""
        done = s.step - s.start_step
        if s.elapsed_s >= self.config.max_seconds:
            s.total_steps = s.step
        elif done >= 10:
            fraction = s.elapsed_s / self.config.max_seconds
            s.total_steps = s.start_step + max(done + 1, min(self.config.max_steps, round(done / fraction)))

    def _snapshot(self, metrics, seconds, tokens, grad_norm, lr, done, reason, sample=None,
                  point=None) -> TrainSnapshot:
        s = self.state
        tok_s = tokens / seconds if seconds > 0 else 0.0
        return TrainSnapshot(self.stage.name, s.step, s.total_steps, s.tokens_seen, lr, grad_norm, tok_s, s.elapsed_s,
                             dict(metrics), sample, done, reason, point)

    def _with_final(self, snap: TrainSnapshot) -> TrainSnapshot:
        """Save the finished run, then say so: a caller that stops at `done` has a saved model."""
        final = self.folder.finish(self)
        return TrainSnapshot(**{**snap.__dict__, "metrics": {**snap.metrics, **final}})

    def _end(self, sums, n, seconds, tokens, grad_norm, lr, reason) -> TrainSnapshot:
        snap = self._snapshot({k: v / n for k, v in sums.items()} if n else {}, seconds, tokens, grad_norm, lr,
                              True, reason)
        return self._with_final(snap) if self.folder is not None else snap

    def _diverged(self, what: str) -> TrainSnapshot:
        """Stop cleanly: put back the last weights that were known to be good, and say why."""
        state, good_step = self._last_good
        self.stage.trainable.load_state_dict(state)
        self.optimizer.zero_grad(set_to_none=True)
        reason = (f"training diverged: {what}. The weights from step {good_step} were restored. "
                  "Try a lower learning rate.")
        snap = TrainSnapshot(self.stage.name, self.state.step, self.state.total_steps, self.state.tokens_seen, 0.0,
                             float("nan"), 0.0, self.state.elapsed_s, {"loss": float("nan")},
                             None, True, reason)
        return self._with_final(snap) if self.folder is not None else snap
