"""QtAlignPage: the alignment pipeline in the window. Base → SFT → reward model → RLHF (and DPO,
the other road) as cards; each step runs live on the window's one worker as an `AlignRecipe`
(the same recipe `explainer align` builds) written to the user's data folder, or opens the
bundled model it made. Beside the pipeline: rate answers yourself, look inside the reward model,
and watch reward hacking happen.

Like the Train page, a run goes onto the window's shelf as a model of its own (its snapshots
with `add_point`, its newest weights with `set_latest`), so the timeline scrubs it and every
Explore view follows it; the worker's weights are copies, never the tensors being trained.
"""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from ..common.pages import QtPage
from ..common.live_runs import add_live_run, end_live_run, record_snapshot
from ..common.qt_subscription import follow
from ..common.qt_timeline import QtTimeline
from ..train.run_recipes import data_folder, new_run_folder, progress, runs_root
from . import stages, texts
from .align_actions import PARTS
from .qt_answers_table import QtAnswersTable
from .qt_hacking import QtHacking
from .qt_pipeline import QtPipeline
from .qt_rating_panel import QtRatingPanel
from .qt_reward_inside import QtRewardInside
from .qt_stage_curves import QtStageCurves

ORDER = [s.key for s in stages.STEPS]
EXPLANATIONS = {"pipeline": texts.PIPELINE, "rate": texts.RATE, "inside": texts.INSIDE, "hacking": texts.HACKING}
BUSY = "One run at a time: stop the one that runs first (X, on this page or on Train)."
OTHER = "Another page's run is using the worker (one run at a time): stop it there first."
HACK = "hack"  # the demonstration's key among the page's runs (an RLHF run of its own)


def ratings_path() -> Path:
    """`<AppDataLocation>/ratings.jsonl`: in the user's data folder, beside the runs."""
    return data_folder() / "ratings.jsonl"


class QtAlignPage(QtPage):
    key = "align"

    def __init__(self, window) -> None:
        super().__init__(window)
        from explainer.align.recipes import RLHF_BETA
        self.shelf, self.worker, self.player, self.actions = window.shelf, window.worker, window.player, window.actions
        self.step = "sft"
        self.shelf_keys: dict[str, str] = {}  # step (or HACK) -> the shelf key of its newest model
        self.own: dict[str, str] = {}  # step -> folder of its newest run that finished here
        self.recipes: dict[str, object] = {}  # shelf key -> the recipe that made it here
        self._pending: tuple | None = None  # (recipe, title, step) of the run this page started
        self._run_key: str | None = None
        self._start_step = -1
        self._last = None  # the run's newest snapshot: how it ended
        self._reward_folder: str | None = None  # the reward model the Inside part shows
        self.steps: int | None = None  # None: each stage's own length (tests and scripts set a shorter one)
        self.pipeline = QtPipeline(self)
        self.progress = QtWidgets.QLabel("Choose a step (← →), then S to run it or B to use the bundled model.", self)
        self.progress.setWordWrap(True)
        self.progress.setAccessibleName("Progress of the step")
        self.timeline = QtTimeline(self.player, self.actions, self)
        self.parts = QtWidgets.QTabWidget(self)
        self.parts.setDocumentMode(True)
        self.curves, self.answers = QtStageCurves(self), QtAnswersTable(self)
        run_view = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal, self)
        run_view.addWidget(self.curves)
        run_view.addWidget(self.answers)
        run_view.setSizes([420, 580])  # the answers need the width; the curves read small
        self.rating = QtRatingPanel(ratings_path(), self)
        self.inside = QtRewardInside(self)
        self.hacking = QtHacking(RLHF_BETA, self)
        for (key, letter, title), view in zip(PARTS, (run_view, self.rating, self.inside, self.hacking)):
            self.parts.addTab(view, f"{letter}  {title}")
        self.parts.currentChanged.connect(self._on_part_change)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 2)
        layout.setSpacing(4)
        layout.addWidget(self.pipeline)
        layout.addWidget(self.progress)
        layout.addWidget(self.timeline)
        layout.addWidget(self.parts, 1)

        self.pipeline.selected.connect(self.select)
        self.pipeline.pressed.connect(self._on_card_button)
        self.rating.retrainAsked.connect(self.retrain)
        self.hacking.demoAsked.connect(self.run_demo)
        for signal, slot in ((self.worker.started, self._on_started), (self.worker.snapshot, self._on_snapshot),
                             (self.worker.failed, self._on_failed), (self.worker.finished, self._on_finished),
                             (self.worker.stateChanged, self._on_worker_state)):
            signal.connect(slot)
        self.actions.bind(
            align_step_next=lambda: self._move(1), align_step_previous=lambda: self._move(-1),
            align_run=lambda: self.run(self.step), align_pause=self.toggle_pause, align_stop=self.stop,
            align_bundled=lambda: self.use_bundled(self.step), align_vote_1=lambda: self._vote(0),
            align_vote_2=lambda: self._vote(1), align_vote_skip=lambda: self._vote(None), align_retrain=self.retrain,
            align_beta_up=lambda: self.hacking.step_beta(1), align_beta_down=lambda: self.hacking.step_beta(-1),
            align_hack_demo=lambda: self.run_demo(0.0), align_type=self._type_answer, align_escape=self.focus_page,
            **{f"align_part_{key}": (lambda i=i: self.parts.setCurrentIndex(i)) for i, (key, _, _) in enumerate(PARTS)})
        follow(self, self.shelf, self._on_shelf_change)
        self._on_worker_state(self.worker.state)
        self.select(self.step)

    # -- the steps ---------------------------------------------------------------------------------
    def sources(self) -> dict:
        base = next((str(m.path) for m in self.shelf.models.values() if m.kind == "pretrained" and m.path), None)
        return stages.sources(self.own, base)

    def _move(self, by: int) -> None:
        self.select(ORDER[(ORDER.index(self.step) + by) % len(ORDER)])

    def select(self, key: str) -> None:
        """Choose a step: its card is marked, its model (if any) is drawn and goes behind the views."""
        self.step = key
        self.pipeline.select(key)
        self.parts.setCurrentIndex(0)
        shelf_key = self.shelf_keys.get(key) or (self.shelf.shown_key if key == "base" else None)
        model = self.shelf.models.get(shelf_key) if shelf_key else None
        if model is not None and self.shelf.shown_key != shelf_key and (model.points or model.latest is not None):
            self.player.show_model(shelf_key)
        self._draw(model)

    def _draw(self, model) -> None:
        step = stages.STEP[self.step]
        empty = ("The base model is where alignment starts. It has read the tiny world's chats, so it "
                 "answers; on the right, how it takes the four requests before anyone rated an answer.") \
            if step.key == "base" else \
            f"{step.title}: press S to run it here, or B to use the bundled model."
        if model is not None and not model.curve and step.key != "base":
            empty = f"{model.title} was saved without its training curves: run the step here (S) to watch them."
        self.curves.set_model(model if step.key != "base" else None, step.curves, empty)
        if step.key == "base":  # its samples continue a story; what matters here is how it takes a question
            self.answers.set_model(None)
            self.answers.refresh(None, self._base_answers())
        else:
            self.answers.set_model(model)

    def _base_answers(self) -> list:
        """The base model's answers to the fixed requests (once: a second of greedy writing)."""
        base = next((m for m in self.shelf.models.values() if m.kind == "pretrained"), None)
        if base is None:
            return []
        if getattr(self, "_base_rows", (None,))[0] != base.key:
            from explainer.align.sft import FixedAnswers
            text = FixedAnswers(base.tokenizer).write(self.shelf.inspect(base.key))
            self._base_rows = (base.key, [(base.latest_step, stages.answers_of(text))])
        return self._base_rows[1]

    def _model_of(self, step: str):
        key = self.shelf_keys.get(step)
        return self.shelf.models.get(key) if key else None

    def _on_card_button(self, key: str, name: str) -> None:
        if name == "run":
            self.run(key)
        elif name == "bundled":
            self.use_bundled(key)
        elif name == "pause":
            self.toggle_pause()
        else:
            self.stop()

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
        self.parts.setCurrentIndex(len(PARTS) - 1)
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

    def use_bundled(self, key: str) -> bool:
        """Open the model step `key` made when the app was built: no training."""
        from ..common.shelf_files import put_bundled_aligned
        from explainer.checkpoint import load_checkpoint
        folder = stages.bundled(key) if key in stages.TRAINABLE else None
        if folder is None:
            return self._refuse(f"There is no bundled {stages.STEP[key].noun} in this installation.")
        if key == "reward":
            self._reward_folder = str(folder)
            if "reward" not in self.shelf.models:
                self.shelf.add_loaded(load_checkpoint(folder), "reward", "Bundled reward model", "reward")
        else:
            for note in put_bundled_aligned(self.shelf):
                self.window_.report(note)
        self.shelf_keys[key] = key
        self.pipeline.set_status(key, "Bundled model open: made when the app was built.")
        self.select(key)
        self.window_.report(f"The bundled {stages.STEP[key].noun} is behind the views.")
        return True

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

    # -- the other parts -------------------------------------------------------------------------------
    def _on_shelf_change(self, what: str) -> None:
        positions, index = self.player.positions(), self.player.index()
        now = not positions or not (0 <= index < len(positions)) or positions[index].now
        self.curves.set_marker(None if now else positions[index].step)
        if what == "shown" and self.parts.currentIndex() == 1:
            self._rate_shown()

    def _on_part_change(self, index: int) -> None:
        part = PARTS[index][0]
        if part == "rate":
            self._rate_shown()
        elif part == "inside":
            self._load_reward()
        self.explain()

    def _rate_shown(self) -> None:
        model = self.shelf.shown
        if model is None or self.rating.model_title == model.title:
            return
        self.rating.set_model(self.shelf.inspect(model.key), model.tokenizer, model.title)

    def _vote(self, preferred: int | None) -> None:
        if self.parts.currentIndex() != 1:  # a vote needs a pair on screen: show it first
            self.parts.setCurrentIndex(1)
            return
        self.rating.vote(preferred)
        self.window_.report("Vote saved." if preferred is not None else "Skipped (saved as a skip).")

    def _load_reward(self) -> None:
        from explainer.align.reward import load_reward_model
        from explainer.align.sft import FIXED_PROMPTS
        folder = self.sources().get("reward")
        if folder is None or folder == self._reward_folder and self.inside.reward_model is not None:
            return
        from explainer.errors import CheckpointError
        try:
            reward_model, tokenizer = load_reward_model(folder)
        except CheckpointError as exc:  # a damaged or foreign folder: say so, keep the page
            self.window_.report(f"The reward model could not be read: {exc}")
            return
        self._reward_folder = folder
        bundled = Path(folder).resolve() == (stages.bundled("reward") or Path()).resolve()
        self.inside.set_reward_model(reward_model, tokenizer, "The bundled reward model" if bundled else
                                     f"Your reward model ({Path(folder).name})",
                                     stages.answer_choices(FIXED_PROMPTS))

    def _type_answer(self) -> None:
        self.parts.setCurrentIndex(2)
        self.inside.type_answer()

    def explain(self) -> None:
        e = EXPLANATIONS[PARTS[max(self.parts.currentIndex(), 0)][0]]
        self.window_.explanation.show_explanation(e)

    def focus_page(self) -> None:
        self.parts.tabBar().setFocus()
