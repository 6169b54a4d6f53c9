"""TimelinePlayer: which snapshot of which model is behind every view, and the film through them.

The shelf (`explainer.shelf.ModelShelf`) owns the models and knows what is shown; the player
turns its timeline into slider positions and moves along them: one position per snapshot
(the bundled model has 8: steps 0, 10, 30, ..., 6000), plus "now" for a run in progress
whose newest weights are newer than its last snapshot. The last position of a finished
model is its own final weights. A real model's revisions (Pythia's step0, step1000, ...: a
folder of them, docs/real-models.md) are such a timeline too, read from disk as each is shown,
with no loss or sample recorded: the scrubber and the status line say that, and how long the
revision took to read. Every scrubber (`gui.common.qt_timeline.QtTimeline`, on the
Explore and the Train page, later the Align page) shows the same player, so they can never
disagree; the keys are defined once, here, and act on every page.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6 import QtCore

from .actions import GLOBAL, ActionSpec

FILM_MS = 900  # one snapshot per this many milliseconds: long enough to see the attention change

TIMELINE_ACTIONS = (
    ActionSpec("snapshot_earlier", "◀ Earlier", ("[",), "Put an earlier snapshot of the model behind the views",
               "Timeline", GLOBAL, group="Earlier / later snapshot of the model"),
    ActionSpec("snapshot_later", "Later ▶", ("]",), "Put a later snapshot of the model behind the views",
               "Timeline", GLOBAL, group="Earlier / later snapshot of the model"),
    ActionSpec("film", "Film ▶▶", ("F",), "Run through the snapshots like a film, from the random start",
               "Timeline", GLOBAL, checkable=True),
    ActionSpec("timeline_model", "Other model", ("M",), "Show the next model on the shelf (the bundled one, "
               "your runs)", "Timeline", GLOBAL),
    ActionSpec("continue_here", "Continue training from here", ("Ctrl+T",),
               "Start a new run from the snapshot shown (the old one stays as it was)", "Timeline", GLOBAL),
    ActionSpec("open_model", "Open a model or run…", ("Ctrl+O",),
               "Open a model folder (one of this app's, or a real model's: GPT-2, Pythia), or a run that was "
               "interrupted", "Timeline", GLOBAL),
)


@dataclass(frozen=True)
class Position:
    step: int  # the step a person reads
    show: int | None  # what `shelf.show` takes: a timeline step, or None for the newest weights
    now: bool = False  # a run's newest weights, between two snapshots


class TimelinePlayer(QtCore.QObject):
    changed = QtCore.Signal()  # what is shown, or the positions, changed: the scrubbers redraw
    filmChanged = QtCore.Signal(bool)

    def __init__(self, shelf, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.shelf = shelf
        self.film_timer = QtCore.QTimer(self)
        self.film_timer.setInterval(FILM_MS)
        self.film_timer.timeout.connect(self._on_film_tick)
        self.report = lambda text: None  # the window sets it: what went wrong, on the status line
        shelf.subscribe(self._on_shelf_change)

    def _on_shelf_change(self, what: str) -> None:
        self.changed.emit()

    # -- positions ----------------------------------------------------------------
    def positions(self, key: str | None = None) -> list[Position]:
        model = self.shelf.models.get(key or self.shelf.shown_key or "")
        if model is None:
            return []
        out = [Position(p.step, p.step) for p in model.points]
        if model.latest is not None:
            if out and model.latest_step == out[-1].step:
                out[-1] = Position(model.latest_step, None)  # a finished model: its own final weights
            elif not out or model.latest_step > out[-1].step:
                out.append(Position(model.latest_step, None, now=model.live))
        return out

    def index(self) -> int:
        """The position of what is shown now (-1 when nothing is)."""
        positions, step = self.positions(), self.shelf.shown_step
        for i, p in enumerate(positions):
            if p.show == step:
                return i
        return len(positions) - 1 if step is None else -1

    # -- moving ----------------------------------------------------------------------
    def go(self, index: int) -> bool:
        positions = self.positions()
        if not positions:
            return False
        index = min(max(index, 0), len(positions) - 1)
        if index == self.index():
            return False
        started = time.perf_counter()
        try:
            self.shelf.show(self.shelf.shown_key, positions[index].show)
        except Exception as exc:  # noqa: BLE001 - a damaged snapshot: say so, keep what is shown
            self.report(f"That snapshot could not be shown: {exc}")
            return False
        point = self.shelf.shown.point(positions[index].step)
        if hasattr(point, "folder") and positions[index].show is not None:  # a revision, read from its folder now
            self.report(f"Revision {point.folder.name} (step {point.step:,}) read from its folder in "
                        f"{time.perf_counter() - started:.1f} s" + (": the film shows each one as soon as it is "
                                                                  "read" if self.playing else "."))
        return True

    def earlier(self) -> None:
        self.stop_film()
        self.go(self.index() - 1)

    def later(self) -> None:
        self.stop_film()
        self.go(self.index() + 1)

    def show_model(self, key: str) -> None:
        """Another model behind the views, at its newest weights."""
        if key != self.shelf.shown_key and key in self.shelf.models:
            self.stop_film()
            self.shelf.show(key, None)

    def next_model(self) -> None:
        keys = [k for k, m in self.shelf.models.items() if m.points or m.latest is not None]
        if len(keys) > 1:
            i = keys.index(self.shelf.shown_key) if self.shelf.shown_key in keys else -1
            self.show_model(keys[(i + 1) % len(keys)])

    # -- the film ------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self.film_timer.isActive()

    def toggle_film(self) -> None:
        self.stop_film() if self.playing else self.play_film()

    def play_film(self) -> None:
        positions = self.positions()
        if len(positions) < 2:
            self.report("This model has only one snapshot: there is no film to play.")
            self.filmChanged.emit(False)
            return
        if self.index() >= len(positions) - 1:
            self.go(0)  # from the random start
        self.film_timer.start()
        self.filmChanged.emit(True)

    def stop_film(self) -> None:
        if self.playing:
            self.film_timer.stop()
            self.filmChanged.emit(False)

    def _on_film_tick(self) -> None:
        if not self.go(self.index() + 1) or self.index() >= len(self.positions()) - 1:
            self.stop_film()


def describe(model, position: Position) -> tuple[str, str]:
    """(what is at a position, in one line; the sample the model wrote there) for the scrubbers."""
    from .shelf_files import from_elsewhere
    from .text_format import amount
    point = model.point(position.step)
    if from_elsewhere(model.info):  # trained elsewhere: nothing of its training was recorded here
        folder = getattr(point, "folder", None)
        if folder is None:
            return "Trained elsewhere: no training record", ""
        return f"Revision {folder.name}, step {position.step:,} · trained elsewhere: no loss or sample kept", ""
    rows = model.curve
    if point is not None and not position.now:
        tokens, metrics, sample = point.tokens_seen, point.metrics, point.sample
    else:
        row = rows[-1] if rows else {}
        tokens, metrics = row.get("tokens_seen", 0), row
        sample = next((r["sample"] for r in reversed(rows) if r.get("sample")), "")
    loss = metrics.get("val_loss") if metrics.get("val_loss") is not None else metrics.get("loss")
    parts = [f"Step {position.step:,}" + (" (now)" if position.now else ""), f"{amount(tokens)} tokens read"]
    if loss is not None:
        parts.append(f"loss {loss:.2f}")
    return " · ".join(parts), sample
