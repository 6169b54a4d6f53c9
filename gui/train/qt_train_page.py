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
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from ..common.pages import QtPage
from ..common.qt_subscription import follow
from ..common.qt_timeline import QtTimeline
from . import texts
from .corpus_choice import CorpusChoice
from .qt_compute import QtCompute
from .qt_skills import QtSkills
from .qt_train_curves import QtTrainCurves
from .qt_train_setup import QtTrainSetup
from .train_actions import TRAIN_VIEW_TITLES
from .train_runs import TrainRuns

FLOOR_DOCUMENTS = 1000  # documents counted for the world's entropy bound (a quarter of a second)
VIEW_EXPLANATIONS = {"curves": texts.CURVES, "skills": texts.SKILLS, "compute": texts.COMPUTE}


class QtTrainPage(TrainRuns, QtPage):
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
        self.views.setAccessibleName("Views of the run")
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

        self._connect_worker()
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
