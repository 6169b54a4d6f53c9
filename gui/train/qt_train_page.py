"""QtTrainPage: watch a model learn. Choose a model size and a text, Start, and see the loss
fall, the sentence it writes improve, what it learned when, and how much computing it took.

The run goes to the window's one `QtTrainingWorker` as a `PretrainRecipe` (the same recipe
`explainer train` builds), written to the user's data folder (`runs/<date-time>`) or a folder
chosen with Ctrl+Shift+S. Its snapshots go onto the window's shelf as a model of its own,
so the timeline, the Explore page and every view can show its weights as they improve;
the worker's weights are always copies, never the tensors being trained.
"""
from __future__ import annotations

import math
import sys
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from ..common.pages import QtPage
from ..common.qt_subscription import follow
from ..common.live_runs import add_live_run, end_live_run, record_snapshot
from ..common.qt_timeline import QtTimeline
from ..common.text_format import amount
from . import texts
from .corpus_choice import CorpusChoice
from .qt_compute import QtCompute
from .qt_skills import QtSkills
from .qt_train_curves import QtTrainCurves
from .qt_train_setup import QtTrainSetup
from .run_recipes import fork_recipe, new_run_folder, progress, runs_root, setup_recipe
from .train_actions import TRAIN_VIEW_TITLES

FLOOR_DOCUMENTS = 1000  # documents counted for the world's entropy bound (a quarter of a second)
VIEW_EXPLANATIONS = {"curves": texts.CURVES, "skills": texts.SKILLS, "compute": texts.COMPUTE}


class QtTrainPage(QtPage):
    key = "train"

    def __init__(self, window) -> None:
        super().__init__(window)
        self.shelf, self.worker, self.player, self.actions = window.shelf, window.worker, window.player, window.actions
        self.run_key: str | None = None  # the run this page started last
        self.recipes: dict[str, object] = {}  # the recipe of each run started here, by shelf key
        self._pending: tuple | None = None  # (recipe, title) of a run starting
        self._start_step, self._drawn = 0, None
        self._floors: dict[str, float] = {}
        self.corpus = CorpusChoice(self)
        self.setup = QtTrainSetup(self.actions, self.corpus, self)
        self.progress = QtWidgets.QProgressBar(self)
        self.progress.setAccessibleName("How far the run is")
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(self.fontMetrics().height())
        self.progress_text = QtWidgets.QLabel("No run yet: press S to start one.", self)
        self.progress_text.setWordWrap(True)
        self.progress_text.setAccessibleName("Progress of the run")
        self.timeline = QtTimeline(self.player, self.actions, self)
        self.views = QtWidgets.QTabWidget(self)
        self.views.setDocumentMode(True)
        self.curves, self.skills, self.compute = QtTrainCurves(self), QtSkills(self), QtCompute(self)
        for number, ((key, title), view) in enumerate(zip(TRAIN_VIEW_TITLES, (self.curves, self.skills, self.compute)),
                                                      start=1):
            self.views.addTab(view, f"{number}  {title}")
            self.views.setTabToolTip(number - 1, f"{title} (key {number})")
        self.views.currentChanged.connect(lambda _i: self.explain())
        progress_row = QtWidgets.QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.progress_text, 3)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 2)
        layout.setSpacing(4)
        layout.addWidget(self.setup)
        layout.addLayout(progress_row)
        layout.addWidget(self.timeline)
        layout.addWidget(self.views, 1)

        self.worker.started.connect(self._on_started)
        self.worker.snapshot.connect(self._on_snapshot)
        self.worker.failed.connect(self._on_failed)
        self.worker.finished.connect(self._on_finished)
        self.worker.stateChanged.connect(self._on_worker_state)
        minutes = self.setup.minutes
        self.actions.bind(
            train_start=self.start, train_pause=self.toggle_pause, train_stop=self.stop, train_reset=self.reset,
            train_preset=self.setup.next_preset, train_longer=lambda: minutes.stepBy(1),
            train_shorter=lambda: minutes.stepBy(-1), train_text=self.choose_text, train_world=self.corpus.use_world,
            train_log=self._on_log_toggle, train_runs_folder=self.choose_runs_folder, train_escape=self.escape,
            train_earlier=self.player.earlier, train_later=self.player.later, continue_here=self.continue_here,
            **{f"train_view_{key}": (lambda i=i: self.views.setCurrentIndex(i))
               for i, (key, _) in enumerate(TRAIN_VIEW_TITLES)})
        self.corpus.refused.connect(lambda reason: window.report(f"That file cannot be learned: {reason}"))
        self._on_worker_state(self.worker.state)
        follow(self, self.shelf, self._on_shelf_change)  # held back while another page is in front
        self._on_shelf_change("shown")

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

    # -- the shown model -> the views ---------------------------------------------------------------
    def _on_shelf_change(self, what: str) -> None:
        model = self.shelf.shown
        if model is None:
            return
        positions, index = self.player.positions(), self.player.index()
        if self._drawn != model.key or what == "models":
            self._drawn = model.key
            self.curves.set_model(model, math.log(model.tokenizer.vocab_size), self._floor(model))
        else:
            self.curves.refresh()
        self.skills.set_model(model, [p.step for p in positions], index)
        self._show_position()

    def _show_position(self) -> None:
        """The marker on the loss curve and the compute meter, for the position on the timeline."""
        model, positions, index = self.shelf.shown, self.player.positions(), self.player.index()
        step = positions[index].step if 0 <= index < len(positions) else None
        self.curves.set_marker(step)
        point = model.point(step) if step is not None and not positions[index].now else None
        if point is not None:
            tokens = point.tokens_seen
        elif model.curve:
            tokens = model.curve[-1]["tokens_seen"]
        else:
            tokens = int(model.info.metrics.get("tokens_seen", 0)) if model.info is not None else 0
        self.compute.set_compute(model.config, tokens, f"{model.title} at step {step or 0:,}")

    def _floor(self, model) -> float | None:
        """The tiny world's entropy bound for this model's tokenizer, when it learned the tiny world."""
        own = self.recipes.get(model.key)
        provenance = model.info.provenance if model.info is not None else {}
        world = (own is not None and own.corpus is None) or provenance.get("corpus") == "tiny world"
        if not world:
            return None
        h = model.tokenizer.hash
        if h not in self._floors:
            from explainer.world.entropy import entropy_bound
            self._floors[h] = entropy_bound(model.tokenizer, documents=FLOOR_DOCUMENTS)
        return self._floors[h]

    # -- the rest ---------------------------------------------------------------------------------
    def choose_text(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(self, "A text to learn from", str(Path.home()),
                                                        "Text files (*.txt *.md);;All files (*)")
        if path:
            self.corpus.open(path)

    def choose_runs_folder(self) -> None:
        folder = QtWidgets.QFileDialog.getExistingDirectory(self, "Save new runs in", str(self.runs_root()))
        if folder:
            self.window_.runs_dir = folder
            self.window_.report(f"New runs are saved in {folder}.")

    def _on_log_toggle(self) -> None:
        self.curves.set_log(not self.curves.log_steps)
        with QtCore.QSignalBlocker(self.actions.qaction("train_log")):
            self.actions.qaction("train_log").setChecked(self.curves.log_steps)

    def escape(self) -> None:
        if self.window_.isFullScreen():
            self.window_.toggle_full_screen()
        self.focus_page()

    def explain(self) -> None:
        key = TRAIN_VIEW_TITLES[max(self.views.currentIndex(), 0)][0]
        view = VIEW_EXPLANATIONS[key]
        timeline = texts.TIMELINE
        self.window_.explanation.show_explanation(
            view, view.reading + f"<hr><h2>{timeline.title}</h2>" + timeline.body)

    def focus_page(self) -> None:
        self.views.tabBar().setFocus()

    def shutdown(self) -> None:
        self.corpus.wait()
