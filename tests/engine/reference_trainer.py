"""A frozen copy of the pretraining Trainer as it was before the one-loop-for-every-stage rework.

Kept only so a test can check that the shared training loop drives pretraining bit for bit
as this code did (same seed, same weights). Do not edit; do not use outside tests.

Pretraining that the app can watch: a generator yielding small frozen snapshots.

The loop is nanoGPT's (AdamW, warm-up then cosine decay, gradient clipping, periodic
evaluation on held-out text), written as a generator in the manner of minGPT's
`Trainer` so any caller (a progress bar, a Qt worker, a test) drives it with `next()`.
Between two snapshots the caller may simply stop pulling (pause), call `cancel()`,
or save the full state and resume later with identical results.
"""
from __future__ import annotations

import math
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Iterator

import torch

from explainer.model import GPT
from explainer.sampling import Sampler, SamplerSettings, generate
from explainer.tokenizer import Tokenizer
from explainer.train.data import TokenData
from explainer.train.schedule import learning_rate, make_optimizer
from explainer.train.timeline import log_spaced_steps


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
    """What the app draws after a few steps; small and immutable so it can cross threads."""

    step: int
    total_steps: int
    tokens_seen: int
    train_loss: float
    val_loss: float | None
    lr: float
    grad_norm: float
    tokens_per_s: float
    elapsed_s: float
    sample: str | None = None
    done: bool = False
    stopped_reason: str | None = None


@dataclass
class TrainState:
    step: int = 0
    tokens_seen: int = 0
    total_steps: int = 0
    elapsed_s: float = 0.0
    train_seconds: float = 0.0  # time spent in training steps only (for tokens/s)
    curve: list[dict] = field(default_factory=list)  # {step, train_loss, val_loss, tokens_seen}
    timeline: list[tuple] = field(default_factory=list)
    last_sample: str = ""


class Trainer:
    def __init__(self, model: GPT, tokenizer: Tokenizer, data: TokenData, config: TrainConfig = TrainConfig()) -> None:
        data.check(model.config.block_size)
        self.model, self.tokenizer, self.data, self.config = model, tokenizer, data, config
        self.optimizer = make_optimizer(model, config.lr, config.weight_decay)
        self.batch_rng = torch.Generator().manual_seed(config.seed)
        self.state = TrainState(total_steps=config.max_steps)
        self.timeline_steps = set(log_spaced_steps())
        self._cancel = False
        self._last_good = self._copy_weights(), 0
        # fixed validation windows, so every evaluation measures the same text
        eval_rng = torch.Generator().manual_seed(12345)
        self.eval_windows = [data.batch("val", config.batch_size, model.config.block_size, eval_rng)
                             for _ in range(config.eval_batches)]

    # -- control ----------------------------------------------------------------
    def cancel(self) -> None:
        """Ask the loop to stop after the current step (thread-safe: a flag read between steps)."""
        self._cancel = True

    def _copy_weights(self) -> dict[str, torch.Tensor]:
        return {k: v.detach().clone() for k, v in self.model.state_dict().items()}

    def _autocast(self):
        if self.config.dtype == "bfloat16":
            return torch.autocast("cpu", dtype=torch.bfloat16)
        return nullcontext()

    # -- pure helpers -----------------------------------------------------------
    @torch.no_grad()
    def estimate_loss(self) -> float:
        self.model.eval()
        losses = []
        with self._autocast():
            for x, y in self.eval_windows:
                losses.append(float(self.model(x, y)[1]))
        self.model.train()
        return sum(losses) / len(losses)

    def sample(self) -> str:
        prompt = self.tokenizer.encode(self.config.sample_prompt) or [self.tokenizer.eot_id]
        sampler = Sampler(SamplerSettings(temperature=0.8, top_k=40), seed=self.config.sample_seed)
        self.model.eval()
        new = [s.token for s in generate(self.model, prompt, self.config.sample_tokens, sampler,
                                         stop_tokens=[self.tokenizer.eot_id])]
        self.model.train()
        return self.config.sample_prompt + self.tokenizer.decode(t for t in new if t != self.tokenizer.eot_id)

    def _record_timeline(self, train_loss: float | None, val_loss: float | None) -> None:
        s = self.state
        if any(p[0] == s.step for p in s.timeline):
            return
        sample = s.last_sample if s.step % self.config.sample_every == 0 and s.last_sample else self.sample()
        val = val_loss if val_loss is not None else self.estimate_loss()
        s.timeline.append((s.step, s.tokens_seen, train_loss, val, sample))

    # -- the loop ---------------------------------------------------------------
    def run(self) -> Iterator[TrainSnapshot]:
        cfg, s, model = self.config, self.state, self.model
        tokens_per_step = cfg.batch_size * model.config.block_size
        model.train()
        if s.step == 0 and not s.timeline:
            self._record_timeline(None, None)
        started = time.perf_counter() - s.elapsed_s
        window_loss, window_steps, window_time, grad_norm, lr = 0.0, 0, 0.0, 0.0, cfg.lr
        while s.step < s.total_steps:
            if self._cancel:
                yield self._snapshot(window_loss, window_steps, window_time, grad_norm, lr, None, True, "cancelled")
                return
            t0 = time.perf_counter()
            lr = learning_rate(s.step, cfg.lr, cfg.min_lr, cfg.warmup, s.total_steps)  # total: see _fit_schedule_to_time
            for group in self.optimizer.param_groups:
                group["lr"] = lr
            x, y = self.data.batch("train", cfg.batch_size, model.config.block_size, self.batch_rng)
            with self._autocast():
                _, loss = model(x, y)
            if not torch.isfinite(loss):
                yield self._diverged(f"the loss became {loss.item()} at step {s.step + 1}")
                return
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            grad_norm = float(torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip))
            if not math.isfinite(grad_norm):
                yield self._diverged(f"the gradient became {grad_norm} at step {s.step + 1}")
                return
            self.optimizer.step()
            s.step += 1
            s.tokens_seen += tokens_per_step
            dt = time.perf_counter() - t0
            s.train_seconds += dt
            window_loss, window_steps, window_time = window_loss + loss.item(), window_steps + 1, window_time + dt
            s.elapsed_s = time.perf_counter() - started
            if cfg.max_seconds is not None:
                self._fit_schedule_to_time(s)
            last = s.step >= s.total_steps
            on_timeline = s.step in self.timeline_steps
            if s.step % cfg.report_every == 0 or last or on_timeline:  # the timeline keeps its own steps
                val = self.estimate_loss() if (s.step % cfg.eval_every == 0 or last) else None
                sample = None
                if s.step % cfg.sample_every == 0 or last:
                    sample = s.last_sample = self.sample()
                train_loss = window_loss / window_steps
                s.curve.append({"step": s.step, "tokens_seen": s.tokens_seen, "train_loss": train_loss, "val_loss": val})
                if on_timeline or last:
                    self._record_timeline(train_loss, val)
                self._last_good = self._copy_weights(), s.step
                s.elapsed_s = time.perf_counter() - started
                yield self._snapshot(window_loss, window_steps, window_time, grad_norm, lr, val, last, None, sample)
                window_loss, window_steps, window_time = 0.0, 0, 0.0
                started = time.perf_counter() - s.elapsed_s  # time spent paused by the caller does not count

    def _fit_schedule_to_time(self, s: TrainState) -> None:
        """With a time budget the cosine runs over time, not steps: the run ends on time with the
        learning rate fully decayed, however fast or slow the machine is (or becomes)."""
        if s.elapsed_s >= self.config.max_seconds:
            s.total_steps = s.step
        elif s.step >= 10:
            fraction = s.elapsed_s / self.config.max_seconds
            s.total_steps = max(s.step + 1, min(self.config.max_steps, round(s.step / fraction)))

    def _snapshot(self, loss_sum, n, seconds, grad_norm, lr, val, done, reason, sample=None) -> TrainSnapshot:
        s = self.state
        tok_s = n * self.config.batch_size * self.model.config.block_size / seconds if seconds > 0 else 0.0
        return TrainSnapshot(s.step, s.total_steps, s.tokens_seen, loss_sum / n if n else float("nan"), val, lr,
                             grad_norm, tok_s, s.elapsed_s, sample, done, reason)

    def _diverged(self, what: str) -> TrainSnapshot:
        """Stop cleanly: put back the last weights that were known to be good, and say why."""
        state, good_step = self._last_good
        self.model.load_state_dict(state)
        self.optimizer.zero_grad(set_to_none=True)
        reason = (f"training diverged: {what}. The weights from step {good_step} were restored. "
                  "Try a lower learning rate.")
        return TrainSnapshot(self.state.step, self.state.total_steps, self.state.tokens_seen, float("nan"), None,
                             0.0, float("nan"), 0.0, self.state.elapsed_s, None, True, reason)
