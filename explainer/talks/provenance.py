"""Provenance: what a figure taken out of the app needs to be cited.

The app's version, the model and a hash of the exact weights behind the figure, the snapshot's
training step, the prompt, the seed and the sampling settings, and the date; and, where any
number on it comes from the simulated rater, a line that says so (the rater is a program that
stands in for people, never people).
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from importlib import metadata

import torch

RATER_NOTE = ("Verdicts and scores marked “rater” come from the simulated rater: a program that checks the "
              "tiny world's facts and five written rules, standing in for people. No person rated these answers.")


def app_version() -> str:
    try:
        return metadata.version("explainer")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "source"


def weights_hash(state: dict[str, torch.Tensor]) -> str:
    """SHA-256 over every tensor's name, dtype, shape and bytes, in name order (first 16 hex digits):
    the same weights give the same hash on any machine, whatever file they came from."""
    digest = hashlib.sha256()
    for name in sorted(state):
        t = state[name].detach().cpu().contiguous()
        digest.update(f"{name}|{t.dtype}|{tuple(t.shape)}|".encode())
        digest.update(t.view(torch.uint8).numpy().tobytes() if t.numel() else b"")
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Provenance:
    app_version: str
    model: str  # as the window names it ("Bundled base model")
    weights_sha256: str
    step: int | None  # the snapshot's training step; None when the model has no timeline
    prompt: str
    seed: int
    sampling: str  # "temperature 1.00 · top-k off · top-p 1.00" or "greedy"
    date: str  # when the figure was made, UTC, ISO 8601
    page: str = ""
    rater: bool = False  # some number on the figure comes from the simulated rater

    def rows(self) -> list[tuple[str, str]]:
        """(label, value) for a caption or a report, in the order a reader wants them."""
        rows = [("App", f"explainer {self.app_version}"), ("Model", self.model),
                ("Weights (SHA-256, first 16)", self.weights_sha256),
                ("Training step", "—" if self.step is None else f"{self.step:,}"),
                ("Prompt", self.prompt), ("Seed", str(self.seed)), ("Sampling", self.sampling),
                ("Made", self.date)]
        if self.rater:
            rows.append(("Simulated rater", RATER_NOTE))
        return rows

    def to_dict(self) -> dict:
        return asdict(self)


def sampling_text(temperature: float, top_k: int, top_p: float, greedy: bool) -> str:
    if greedy:
        return "greedy (always the most likely token)"
    return f"temperature {temperature:.2f} · top-k {top_k or 'off'} · top-p {top_p:.2f}"


def now_utc() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
