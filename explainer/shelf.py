"""The one owner of every model the app knows, and of which one is on screen.

The bundled base model, a run in progress, later the fine-tuned and aligned models: each
is a `ShelfModel` with its timeline (weight snapshots at log-spaced steps). The shelf
knows which model is shown and which snapshot of it, and builds the *inspection model*
behind every view: a separate network, in eval mode and without gradients, into which the
chosen snapshot's weights are copied. So nothing a view or an analysis does can reach the
tensors a worker trains, and a worker's training never changes what a view is drawing
until the shelf is told to show new weights.

Listeners hear "models" (one was added or removed), "points" (a run added a snapshot) and
"shown" (other weights are behind the views). Every "shown" change raises `generation`;
work started for one generation and finished later (in a worker) is dropped if the
generation moved on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import torch

from .config import GPTConfig
from .model import GPT
from .tokenizer import Tokenizer
from .train.timeline import TimelinePoint
from .weights import apply_state, empty_model


@dataclass
class ShelfModel:
    key: str  # unique on the shelf: "base", "run-1", "sft", ...
    title: str  # what a person reads: "Bundled base model", "Your run (live preset)"
    kind: str  # "pretrained", "run", "sft", "reward", "rlhf", "dpo"
    config: GPTConfig
    tokenizer: Tokenizer
    points: list[TimelinePoint] = field(default_factory=list)  # sorted by step
    latest: dict[str, torch.Tensor] | None = None  # its newest weights (a finished model's own)
    latest_step: int = 0
    info: object = None  # checkpoint.CheckpointInfo when it came from a folder
    path: Path | None = None
    live: bool = False  # a run in progress: more points and newer weights arrive
    curve: list[dict] = field(default_factory=list)

    def steps(self) -> list[int]:
        return [p.step for p in self.points]

    def point(self, step: int) -> TimelinePoint | None:
        return next((p for p in self.points if p.step == step), None)

    def weights_at(self, step: int | None) -> tuple[dict[str, torch.Tensor], int]:
        """(weights, their step): a timeline step, or None for the newest weights."""
        if step is not None:
            point = self.point(step)
            if point is None:
                raise KeyError(f"{self.title} has no snapshot at step {step}; it has {self.steps()}")
            return point.state, step
        if self.latest is not None:
            return self.latest, self.latest_step
        if self.points:
            return self.points[-1].state, self.points[-1].step
        raise KeyError(f"{self.title} has no weights yet")


class ModelShelf:
    def __init__(self) -> None:
        self.models: dict[str, ShelfModel] = {}
        self.shown_key: str | None = None
        self.shown_step: int | None = None  # None: the newest weights of the shown model
        self.generation = 0
        self._inspection: dict[GPTConfig, GPT] = {}  # one inspection network per shape
        self._copies: dict[tuple, GPT] = {}  # networks of their own, for side-by-side analyses
        self._listeners: list[Callable[[str], None]] = []

    # -- subscription -----------------------------------------------------------
    def subscribe(self, listener: Callable[[str], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[str], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _changed(self, what: str) -> None:
        for listener in list(self._listeners):
            listener(what)

    # -- what the shelf holds -------------------------------------------------------
    def add(self, model: ShelfModel) -> ShelfModel:
        self.models[model.key] = model
        self._changed("models")
        return model

    def add_loaded(self, loaded, key: str, title: str, kind: str) -> ShelfModel:
        """A model read from its folder (`checkpoint.LoadedModel`), with its timeline."""
        from .train.timeline import load_timeline
        from .weights import saved_state
        points, curve = load_timeline(loaded)
        return self.add(ShelfModel(key, title, kind, loaded.info.config, loaded.tokenizer, points,
                                   saved_state(loaded.model), loaded.info.step, loaded.info, loaded.path,
                                   curve=curve))

    def remove(self, key: str) -> None:
        if self.models.pop(key, None) is not None:
            if key == self.shown_key:
                self.shown_key, self.shown_step = None, None
            self._changed("models")

    def new_key(self, stem: str) -> str:
        n = 1
        while f"{stem}-{n}" in self.models:
            n += 1
        return f"{stem}-{n}"

    def add_point(self, key: str, point: TimelinePoint) -> None:
        """A snapshot from a run (weights already copied out of the worker's model)."""
        model = self.models[key]
        model.points = sorted([p for p in model.points if p.step != point.step] + [point], key=lambda p: p.step)
        self._changed("points")

    def set_latest(self, key: str, state: dict[str, torch.Tensor], step: int) -> None:
        """A run's newest weights; the views follow them only if they show this model's newest."""
        model = self.models[key]
        model.latest, model.latest_step = state, step
        if self.shown_key == key and self.shown_step is None:
            self.show(key, None)

    # -- what is shown ----------------------------------------------------------------
    @property
    def shown(self) -> ShelfModel | None:
        return self.models.get(self.shown_key) if self.shown_key else None

    def show(self, key: str, step: int | None = None) -> GPT:
        """Put a model's snapshot (or its newest weights) behind the views; returns the inspection model."""
        model = self.models[key]
        state, _ = model.weights_at(step)
        net = self._inspection.get(model.config)
        if net is None:
            # every weight is copied in next: nothing to draw at random (empty_model)
            net = self._inspection[model.config] = empty_model(model.config).eval()
            for p in net.parameters():
                p.requires_grad_(False)
        apply_state(net, state, f"{model.title}" + (f" at step {step}" if step is not None else ""))
        self.shown_key, self.shown_step = key, step
        self.generation += 1
        self._changed("shown")
        return net

    @property
    def inspection_model(self) -> GPT:
        """The network behind the views: the shown weights, never the tensors being trained."""
        if self.shown is None:
            raise LookupError("no model is shown yet")
        return self._inspection[self.shown.config]

    def inspect(self, key: str, step: int | None = None) -> GPT:
        """A network of its own holding one model's weights, for analyses that need several models
        at once (before and after alignment side by side). Kept until that model's weights change."""
        model = self.models[key]
        state, at = model.weights_at(step)
        cache_key = (key, step, at)
        net = self._copies.get(cache_key)
        if net is None:
            from .weights import model_from_state
            net = model_from_state(model.config, state, f"{model.title} at step {at}")
            self._copies = {k: v for k, v in self._copies.items() if k[0] != key or k[1] != step}
            self._copies[cache_key] = net
        return net

    def is_current(self, generation: int) -> bool:
        """Whether a result computed for `generation` still belongs to what is shown."""
        return generation == self.generation
