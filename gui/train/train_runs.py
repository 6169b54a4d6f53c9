"""The Train page's runs on the window's one worker: start one from the setup (or continue from
a snapshot, Ctrl+T), pause, stop, start over, and follow the worker's signals: the run goes onto
the shelf as a live model of its own, each snapshot adds a point to its timeline and its curves,
and the progress bar and line say where it is.

A mixin of `QtTrainPage` (gui/train/qt_train_page.py), which owns the widgets; this half owns
what a run changes: `run_key` (the run this page started last), `recipes` (what made each run
started here) and `_pending` (the recipe and title of a run starting).
"""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6 import QtCore

from ..common.live_runs import add_live_run, end_live_run, record_snapshot
from ..common.text_format import amount
from .run_recipes import fork_recipe, new_run_folder, progress, runs_root, setup_recipe


class TrainRuns:
    """Running pretraining; needs the page's worker, shelf, player, actions and widgets."""

    def _connect_worker(self) -> None:
        self.worker.started.connect(self._on_started)
        self.worker.snapshot.connect(self._on_snapshot)
        self.worker.failed.connect(self._on_failed)
        self.worker.finished.connect(self._on_finished)
        self.worker.stateChanged.connect(self._on_worker_state)

    # -- starting, pausing, stopping -----------------------------------------------------------
    def runs_root(self) -> Path:
        return runs_root(self.window_)

    def recipe_from_setup(self):
        """The run the bar describes, or None (the reason is on the status line)."""
        if self.corpus.loading:
            self.window_.report("Wait a moment: the text is still being read.")
            return None
        recipe, why = setup_recipe(self.setup.preset_key, self.corpus.file, self.setup.minutes.value(),
                                   new_run_folder(self.runs_root()))
        if recipe is None:
            self.window_.report(why)
        return recipe

    def start(self, recipe=None, title: str | None = None) -> bool:
        """Start a run (the one the bar describes, unless `recipe` is given)."""
        if self.worker.busy:
            self.window_.report("One run at a time: stop this one first (X).")
            return False
        recipe = recipe or self.recipe_from_setup()
        if recipe is None:
            return False
        n = self.shelf.new_key("run").split("-")[-1]
        self._pending = (recipe, title or f"Your run {n} ({recipe.preset})")
        self.worker.start(recipe)
        self.progress.setRange(0, 0)  # busy until the first snapshot
        self.progress_text.setText("Starting: writing the text and building a model of random numbers (a few seconds)…")
        self.window_.report(f"Training starts; it is saved as it goes in {recipe.out}")
        return True

    def toggle_pause(self) -> None:
        if self.worker.state == "running":
            self.worker.pause()
            self.window_.report("Paused. Space resumes.")
        elif self.worker.state == "paused":
            self.worker.resume()
            self.window_.report("Learning again.")

    def stop(self) -> None:
        if self.worker.busy:
            self.worker.cancel()
            self.window_.report("Stopping after this step, then saving…")

    def reset(self) -> None:
        """Clear the page for a new run: the last run leaves the shelf (its folder stays on disk)."""
        if self.worker.busy:
            self.window_.report("Stop the run first (X), then reset.")
            return
        key, self.run_key = self.run_key, None
        if key in self.shelf.models:
            folder = self.shelf.models[key].path
            if self.shelf.shown_key == key:
                other = next((k for k in self.shelf.models if k != key), None)
                if other is not None:
                    self.player.show_model(other)
            self.shelf.remove(key)
            self.window_.report(f"Cleared. The run is still saved in {folder}; Ctrl+O opens it again.")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress_text.setText("No run yet: press S to start one.")
        self._on_worker_state(self.worker.state)

    def continue_here(self) -> None:
        """Ctrl+T: a new run from the snapshot shown; the old run stays as it was."""
        model, step = self.shelf.shown, self.shelf.shown_step
        if model is None:
            return
        if self.worker.busy:
            self.window_.report("One run at a time: stop the run first (X), then continue from here.")
            return
        recipe, why = fork_recipe(model, step, self.recipes.get(model.key), self.setup.preset_key,
                                  self.setup.minutes.value(), new_run_folder(self.runs_root()))
        if recipe is None:
            self.window_.report(why)
            return
        self.window_.show_page(self.key)
        n = self.shelf.new_key("run").split("-")[-1]
        at = model.latest_step if step is None else step
        self.start(recipe, f"Your run {n}: {model.title} from step {at:,}")

    # -- the worker's signals -------------------------------------------------------------------
    def _on_started(self, info) -> None:
        if self._pending is None:
            return  # another page's run
        recipe, title = self._pending
        key = self.run_key = self.shelf.new_key("run")
        self.recipes[key] = recipe
        self._start_step = -1
        add_live_run(self.shelf, key, title, "run", info)
        self.progress_text.setText(f"{title}: {info.parameters:,} numbers to learn, from a text of "
                                   f"{amount(info.train_tokens)} tokens.")

    def _mine(self) -> bool:
        return self._pending is not None and self.run_key in self.shelf.models

    def _on_snapshot(self, snap, weights) -> None:
        if not self._mine():
            return
        key, model = self.run_key, self.shelf.models[self.run_key]
        row = {"step": snap.step, "tokens_seen": snap.tokens_seen, "loss": snap.metrics.get("loss"),
               "val_loss": snap.metrics.get("val_loss"), "lr": snap.lr, "elapsed_s": snap.elapsed_s,
               "tokens_per_s": snap.tokens_per_s or None}
        if self._start_step < 0:
            self._start_step = snap.step
        record_snapshot(self.shelf, key, snap, weights, row)
        if self.shelf.shown_key != key and (model.points or model.latest is not None) and snap.step == self._start_step:
            self.player.show_model(key)  # the new run goes behind the views as soon as it has weights
        self.curves.refresh()
        self._show_progress(snap)
        if self.shelf.shown_key == key and self.shelf.shown_step is None and weights is None and self.isVisible():
            self._show_position()  # the compute meter and the marker follow the newest row

    def _show_progress(self, snap) -> None:
        fraction, text = progress(snap, self._start_step, self.worker.state == "paused")
        self.progress.setRange(0, 1000)
        self.progress.setValue(round(1000 * fraction))
        self.progress_text.setText(text)

    def _on_failed(self, message: str, details: str) -> None:
        if self._pending is None:
            return
        if details:
            print(details, file=sys.stderr)
        self.progress_text.setText(f"The run stopped: {message}")
        self.window_.report(f"The run stopped: {message}. The window still works; what it learned so far is kept.")

    def _on_finished(self) -> None:
        if self._pending is None:
            return
        recipe, _ = self._pending
        self._pending = None
        model = end_live_run(self.shelf, self.player, self.run_key)
        if model is not None:
            if not self.progress_text.text().startswith("The run stopped"):
                self.window_.report(f"{model.title} is saved in {recipe.out} (Ctrl+O opens it later).")

    def _on_worker_state(self, state: str) -> None:
        idle = state == "idle"
        a = self.actions.qaction
        a("train_start").setEnabled(idle)
        a("train_pause").setEnabled(state in ("running", "paused"))
        with QtCore.QSignalBlocker(a("train_pause")):
            a("train_pause").setChecked(state == "paused")
        a("train_pause").setText("Resume ▶" if state == "paused" else "Pause ❚❚")
        a("train_stop").setEnabled(state in ("starting", "running", "paused"))
        a("train_reset").setEnabled(idle and self.run_key is not None)
        for widget in (self.setup.preset, self.setup.text, self.setup.minutes):
            widget.setEnabled(idle)
        for action_id in ("train_text", "train_world", "train_preset", "train_longer", "train_shorter"):
            a(action_id).setEnabled(idle)
