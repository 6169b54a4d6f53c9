"""A run the window's worker trains, on the shelf: the same three moves for every page that starts one.

The Train page (pretraining) and the Align page (SFT, reward model, RLHF, DPO) both put a run
on the shelf when the worker says it started, record each snapshot (a curve row, a timeline
point, the newest weights) and mark it finished; what they show around it is their own.
"""
from __future__ import annotations

from pathlib import Path


def add_live_run(shelf, key: str, title: str, kind: str, info):
    """The run the worker started (`explainer.train.worker.RunInfo`) as a live model on the shelf."""
    from explainer.config import GPTConfig
    from explainer.shelf import ShelfModel
    from explainer.tokenizer import Tokenizer
    return shelf.add(ShelfModel(key, title, kind, GPTConfig.from_dict(info.config),
                                Tokenizer.from_str(info.tokenizer_json), live=True, path=Path(info.folder)))


def record_snapshot(shelf, key: str, snap, weights, row: dict) -> None:
    """One snapshot of the run: `row` onto its curve (with the sample, if any), the timeline point
    and the newest weights (float16 state, or None) onto the shelf."""
    model = shelf.models[key]
    if snap.sample:
        row["sample"] = snap.sample
    model.curve.append(row)
    if snap.point is not None:
        shelf.add_point(key, snap.point)
    if weights is not None:
        shelf.set_latest(key, weights, snap.step)


def end_live_run(shelf, player, key: str | None):
    """The run is over: its model (or None if it was removed) is no longer live."""
    model = shelf.models.get(key) if key is not None else None
    if model is not None:
        model.live = False
        player.changed.emit()  # its last position is no longer "now"
    return model
