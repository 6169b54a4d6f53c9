"""The Align page's runs on the window's one worker: start a step (or the reward-hacking
demonstration, or the reward model again with your votes), pause, stop, and follow the worker's
signals: a run goes onto the shelf as a live model of its own, its snapshots feed the curves and
the answers table, and a step that ran to its end is where the next steps start.

A mixin of `QtAlignPage` (gui/align/qt_align_page.py), which owns the widgets; this half owns
what a run changes: `_pending` (recipe, title, step) of the run this page started, `_run_key` its
shelf key, `own` the folders of steps that finished here, `recipes` what made each model.
"""
from __future__ import annotations

import sys

from PySide6 import QtCore

from ..common.live_runs import add_live_run, end_live_run, record_snapshot
from ..train.run_recipes import new_run_folder, progress, runs_root
from . import stages

BUSY = "One run at a time: stop the one that runs first (X, on this page or on Train)."
OTHER = "Another page's run is using the worker (one run at a time): stop it there first."
HACK = "hack"  # the demonstration's key among the page's runs (an RLHF run of its own)


class AlignRuns:
    """Running the pipeline's steps; needs the page's worker, shelf, player, actions and widgets."""

    def _connect_worker(self) -> None:
        for signal, slot in ((self.worker.started, self._on_started), (self.worker.snapshot, self._on_snapshot),
                             (self.worker.failed, self._on_failed), (self.worker.finished, self._on_finished),
                             (self.worker.stateChanged, self._on_worker_state)):
            signal.connect(slot)

    # -- running ---------------------------------------------------------------------------------------
    def run(self, key: str, ratings: str | None = None) -> bool:
        """Run step `key` (with `ratings` added: the reward step from the rating panel)."""
        if key == "base":
            return self._refuse("The base model is the start: it was pretrained on the Train page's tiny world.")
        if self.worker.busy:
            return self._refuse(BUSY)
        recipe, why = stages.step_recipe(key, new_run_folder(runs_root(self.window_)), self.sources(),
                                         beta=self.hacking.beta.value(), ratings=ratings, steps=self.steps)
        title = f"Your {stages.STEP[key].noun}" + (" with your votes" if ratings else "")
        return self.start(recipe, title, key) if recipe is not None else self._refuse(why)

    def run_demo(self, beta: float = 0.0) -> bool:
        recipe, why = stages.hacking_recipe(new_run_folder(runs_root(self.window_)), beta)
        if recipe is None:
            return self._refuse(why)
        self.show_part("hacking")
        return self.start(recipe, f"Reward hacking demo (β = {beta:g})", HACK)

    def retrain(self) -> bool:
        if self.rating.count == 0:
            return self._refuse("No votes yet: vote with 1 or 2 first, then retrain the reward model.")
        return self.run("reward", ratings=str(self.rating.path))

    def _refuse(self, why: str) -> bool:
        self.window_.report(why)
        return False

    def start(self, recipe, title: str, step: str) -> bool:
        if self.worker.busy:
            return self._refuse(BUSY)
        self._pending, self._run_key = (recipe, title, step), None
        self.worker.start(recipe)
        self.progress.setText(f"{title}: starting (loading the models, a few seconds)…")
        self.window_.report(f"{title} starts; it is saved as it goes in {recipe.out}")
        return True

    def toggle_pause(self) -> None:
        if self._pending is None:
            return
        if self.worker.state == "running":
            self.worker.pause()
            self.window_.report("Paused. Space resumes.")
        elif self.worker.state == "paused":
            self.worker.resume()
            self.window_.report("Running again.")

    def stop(self) -> None:
        if self._pending is not None and self.worker.busy:
            self.worker.cancel()
            self.window_.report("Stopping after this update, then saving…")

    # -- the worker's signals ----------------------------------------------------------------------
    def _on_started(self, info) -> None:
        if self._pending is None:
            return  # another page's run
        recipe, title, step = self._pending
        # the demonstration's model is over-optimised on purpose: a kind of its own keeps it out of the
        # Compare page, which compares the newest model of each aligned kind
        kind = "hacked" if step == HACK else recipe.stage
        key = self._run_key = self.shelf.new_key(kind)
        self.recipes[key], self._start_step, self._last = recipe, -1, None
        add_live_run(self.shelf, key, title, kind, info)
        self.shelf_keys[step] = key
        if step != HACK:
            self.select(step)
        else:
            self.hacking.set_model(self.shelf.models[key])

    def _on_snapshot(self, snap, weights) -> None:
        if self._pending is None or self._run_key not in self.shelf.models:
            return
        key, model = self._run_key, self.shelf.models[self._run_key]
        self._last = snap
        if self._start_step < 0:
            self._start_step = snap.step
        record_snapshot(self.shelf, key, snap, weights, {"step": snap.step, "tokens_seen": snap.tokens_seen,
                                                         **snap.metrics})
        if self.shelf.shown_key != key and (model.points or model.latest is not None):
            self.player.show_model(key)  # the new run goes behind the views as soon as it has weights
        step = self._pending[2]
        if step == HACK:
            self.hacking.refresh(model)
        elif step == self.step:
            self.curves.refresh()
            self.answers.refresh(model)
        _, text = progress(snap, self._start_step, self.worker.state == "paused")
        self.progress.setText(f"{self._pending[1]}: {text}")
        if step != HACK:
            self.pipeline.set_status(step, f"Your run: step {snap.step:,} of {snap.total_steps:,}")

    def _on_failed(self, message: str, details: str) -> None:
        if self._pending is None:
            return
        if details:
            print(details, file=sys.stderr)
        self.progress.setText(f"The run stopped: {message}")
        self.window_.report(f"The run stopped: {message}. What it learned so far is kept.")

    def _on_finished(self) -> None:
        if self._pending is None:
            return
        recipe, title, step = self._pending
        self._pending = None
        model = end_live_run(self.shelf, self.player, self._run_key)
        snap, done = self._last, self._last is not None and self._last.done
        if model is not None and done and not snap.stopped_reason and step != HACK:
            self.own[step] = recipe.out  # a step that ran to its end: the next steps start from it
            self.pipeline.set_status(step, f"Your run: done, {snap.step:,} steps. The next steps start from it.")
        elif model is not None and step != HACK:  # stopped part-way: shown, kept on disk, not built upon
            self.pipeline.set_status(step, f"Your run stopped at step {snap.step if snap else 0:,}; the next steps "
                                           "still start from the model before it.")
        if model is not None and not self.progress.text().startswith("The run stopped"):
            self.window_.report(f"{title} is saved in {recipe.out} (Ctrl+O opens it later).")

    def _on_worker_state(self, state: str) -> None:
        idle, mine = state == "idle", self._pending is not None
        a = self.actions.qaction
        a("align_run").setEnabled(idle)
        a("align_hack_demo").setEnabled(idle)
        a("align_retrain").setEnabled(idle)
        a("align_pause").setEnabled(mine and state in ("running", "paused"))
        with QtCore.QSignalBlocker(a("align_pause")):
            a("align_pause").setChecked(state == "paused")
        a("align_stop").setEnabled(mine and state in ("starting", "running", "paused"))
        for button in (self.hacking.demo, self.hacking.leash, self.rating.retrain):
            button.setEnabled(idle)
        running = self._pending[2] if mine else None
        self.pipeline.set_worker_state(running, state, {k: stages.bundled(k) is not None for k in stages.TRAINABLE})
        if not idle and not mine:
            self.progress.setText(OTHER)
        elif idle and self.progress.text() == OTHER:
            self.progress.setText("The worker is free again: choose a step (← →), then S to run it.")
