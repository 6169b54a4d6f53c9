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

from pathlib import Path

from PySide6 import QtCore, QtWidgets

from ..common.pages import QtPage
from ..common.qt_subscription import follow
from ..common.qt_timeline import QtTimeline
from ..train.run_recipes import data_folder
from . import stages, texts
from .align_actions import PARTS
from .align_runs import AlignRuns
from .qt_answers_table import QtAnswersTable
from .qt_hacking import QtHacking
from .qt_pipeline import QtPipeline
from .qt_rating_panel import QtRatingPanel
from .qt_reward_inside import QtRewardInside
from .qt_stage_curves import QtStageCurves

ORDER = [s.key for s in stages.STEPS]
PART_KEYS = [key for key, _, _ in PARTS]
EXPLANATIONS = {"pipeline": texts.PIPELINE, "rate": texts.RATE, "inside": texts.INSIDE, "hacking": texts.HACKING}


def ratings_path() -> Path:
    """`<AppDataLocation>/ratings.jsonl`: in the user's data folder, beside the runs."""
    return data_folder() / "ratings.jsonl"


class QtAlignPage(AlignRuns, QtPage):
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
        self._rated: tuple | None = None  # (shelf key, step) whose answers the rating panel shows
        self.steps: int | None = None  # None: each stage's own length (tests and scripts set a shorter one)
        self.pipeline = QtPipeline(self)
        self.progress = QtWidgets.QLabel("Choose a step (← →), then S to run it or B to use the bundled model.", self)
        self.progress.setWordWrap(True)
        self.progress.setAccessibleName("Progress of the step")
        self.timeline = QtTimeline(self.player, self.actions, self)
        self.parts = QtWidgets.QTabWidget(self)
        self.parts.setAccessibleName("Parts of alignment")
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
        self._connect_worker()
        self.actions.bind(
            align_step_next=lambda: self._move(1), align_step_previous=lambda: self._move(-1),
            align_run=lambda: self.run(self.step), align_pause=self.toggle_pause, align_stop=self.stop,
            align_bundled=lambda: self.use_bundled(self.step), align_vote_1=lambda: self._vote(0),
            align_vote_2=lambda: self._vote(1), align_vote_skip=lambda: self._vote(None), align_retrain=self.retrain,
            align_beta_up=lambda: self.hacking.step_beta(1), align_beta_down=lambda: self.hacking.step_beta(-1),
            align_hack_demo=lambda: self.run_demo(0.0), align_type=self._type_answer, align_escape=self.focus_page,
            **{f"align_part_{key}": (lambda key=key: self.show_part(key)) for key, _, _ in PARTS})
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
        self.show_part("pipeline")
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
            from explainer.align.watched import WatchedAnswers
            text = WatchedAnswers(base.tokenizer).write(self.shelf.inspect(base.key))
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

    def use_bundled(self, key: str) -> bool:
        """Open the model step `key` made when the app was built: no training."""
        from explainer.checkpoint import load_checkpoint

        from ..common.shelf_files import put_bundled_aligned
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

    # -- the other parts -------------------------------------------------------------------------------
    def _on_shelf_change(self, what: str) -> None:
        positions, index = self.player.positions(), self.player.index()
        now = not positions or not (0 <= index < len(positions)) or positions[index].now
        self.curves.set_marker(None if now else positions[index].step)
        if what == "shown" and self.part_in_front() == "rate":
            self._rate_shown()

    def _on_part_change(self, index: int) -> None:
        part = PART_KEYS[index]
        if part == "rate":
            self._rate_shown()
        elif part == "inside":
            self._load_reward()
        self.explain()

    def _rate_shown(self) -> None:
        """The pair comes from the model and snapshot behind the views: a new pair when either changes
        (the same model scrubbed to another step writes other answers)."""
        model, step = self.shelf.shown, self.shelf.shown_step
        if model is None or self._rated == (model.key, step):
            return
        self._rated = (model.key, step)
        title = model.title if step is None else f"{model.title} at step {step:,}"
        self.rating.set_model(self.shelf.inspect(model.key, step), model.tokenizer, title)

    def _vote(self, preferred: int | None) -> None:
        if self.part_in_front() != "rate":  # a vote needs a pair on screen: show it first
            self.show_part("rate")
            return
        self.rating.vote(preferred)
        self.window_.report("Vote saved." if preferred is not None else "Skipped (saved as a skip).")

    def _load_reward(self) -> None:
        from explainer.align.reward import load_reward_model
        from explainer.align.watched import ROOM_PROMPTS
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
                                     stages.answer_choices(ROOM_PROMPTS))

    def _type_answer(self) -> None:
        self.show_part("inside")
        self.inside.type_answer()

    def show_part(self, key: str) -> None:
        """Put the part named `key` (pipeline, rate, inside, hacking: align_actions.PARTS) in front."""
        self.parts.setCurrentIndex(PART_KEYS.index(key))

    def part_in_front(self) -> str:
        return PART_KEYS[max(self.parts.currentIndex(), 0)]

    def explain(self) -> None:
        e = EXPLANATIONS[self.part_in_front()]
        self.window_.explanation.show_explanation(e)

    def focus_page(self) -> None:
        self.parts.tabBar().setFocus()
