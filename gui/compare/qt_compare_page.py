"""QtComparePage: before and after alignment, one request and one seed, for a room.

A self-contained page: give it the models (ordinary `explainer.GPT` networks in eval mode,
inspection copies the page may hook; "base" is the one the others are compared with) and the
tokenizer. On top: the request (one of the evaluation's held-out requests, or one typed in),
the seed and the dice. Below, five parts, each with its plain-words caption:

  A  Answers: every model's answer in a column, with the rater's verdict (gui/compare/qt_answer_columns.py)
  S  Token shift: which tokens the aligned models changed, and both models' bars there (qt_token_shift.py)
  I  Inside the model: attention, logit lens and weights against the base model, floor by floor (qt_inside.py)
  V  Blind vote: the room votes with 1-4 on shuffled, unlabelled answers, then sees who wrote them
  E  Evaluation: the held-out pass rates with 95% intervals and wins vs SFT (qt_evaluation.py)

The comparison (about a second) and the evaluation (seconds to minutes) run on worker threads
(gui/compare/background.py); a result that arrives after the request, the seed or the models
changed is dropped. Every action is in the registry (compare_actions.py): pass the window's
registry to bind them there, or the page makes a registry of its own.
"""
from __future__ import annotations

import random
from pathlib import Path
from typing import Callable

from PySide6 import QtCore, QtWidgets

from explainer.align.data import Request, eval_prompts
from explainer.checkpoint import MODELS

from ..common.actions import ActionRegistry
from ..common.explanation import Explanation
from .background import QtLatestJob
from .compare_actions import COMPARE_ACTIONS, SECTIONS, VOTES
from .compare_request import RequestChoice
from .jobs import TEMPERATURE, base_name, run_comparison
from .qt_answer_columns import QtAnswerColumns
from .qt_blind_vote import QtBlindVote
from .qt_evaluation import QtEvaluation
from .qt_inside import QtInside
from .qt_token_shift import QtTokenShift
from .texts import (
    CAPTIONS,
    NO_EVALUATION_REAL,
    NO_RATER_REAL,
    NO_REQUEST,
    PANEL_BODY,
    PANEL_READING,
    PANEL_TITLE,
    REAL_ANSWERS,
)

EVAL_FILE = MODELS / "eval.json"


class QtComparePage(RequestChoice, QtWidgets.QWidget):
    key = "compare"
    comparisonShown = QtCore.Signal(object)  # the CompareResult now on screen
    evaluationShown = QtCore.Signal(object)  # the report now in the Evaluation part

    def __init__(self, models: dict, tokenizer, parent: QtWidgets.QWidget | None = None, *,
                 actions: ActionRegistry | None = None, explanation=None, report: Callable[[str], None] | None = None,
                 requests: list[Request] | None = None, eval_path: str | Path | None = EVAL_FILE) -> None:
        super().__init__(parent)
        self.models, self.tokenizer = dict(models), tokenizer
        self.requests = list(requests) if requests is not None else eval_prompts()
        self.actions = actions if actions is not None else ActionRegistry(COMPARE_ACTIONS, parent=self)
        self.explanation = explanation
        self._report = report
        self.index: int | None = 0  # which held-out request; None while a typed one is shown
        self.typed = ""
        self.seed, self.greedy = 0, False
        self.result = None
        self.section = SECTIONS[0][0]
        self.selected_model: str | None = None
        self._dirty = True  # asked for while hidden: computed once the page is shown
        self._rng = random.Random()
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.comparer = QtLatestJob(self)
        self.comparer.finished.connect(self._on_compared)
        self.comparer.failed.connect(lambda _n, why: self.report(f"The comparison failed: {why}"))
        self._build()
        self._bind()
        problem = self.evaluation.load(eval_path)
        if problem:
            self.report(problem)
        self._show_request_box()

    # -- building -----------------------------------------------------------------------------
    def _build(self) -> None:
        a = self.actions
        first, second = self._build_request_rows()
        self.status_label = QtWidgets.QLabel(self)
        self.status_label.setWordWrap(True)
        self.tabs = QtWidgets.QTabWidget(self)
        self.tabs.setAccessibleName("Ways to compare")
        self.tabs.setDocumentMode(True)
        self.answers, self.shift, self.inside = QtAnswerColumns(), QtTokenShift(), QtInside()
        self.vote_view, self.evaluation = QtBlindVote(), QtEvaluation()
        self.evaluation.compute.setDefaultAction(a.qaction("compare_evaluate"))
        self.evaluation.reportShown.connect(self.evaluationShown)
        self.views = {"answers": self.answers, "shift": self.shift, "inside": self.inside, "vote": self.vote_view,
                      "eval": self.evaluation}
        self.captions = {}
        for key, letter, title in SECTIONS:
            part = QtWidgets.QWidget()
            lay = QtWidgets.QVBoxLayout(part)
            lay.setContentsMargins(2, 2, 2, 2)
            caption = self.captions[key] = QtWidgets.QLabel(CAPTIONS[key], part)
            caption.setWordWrap(True)
            caption.setTextFormat(QtCore.Qt.TextFormat.RichText)
            lay.addWidget(caption)
            lay.addWidget(self.views[key], 1)
            self.tabs.addTab(part, f"{letter}  {title}")
        self.tabs.currentChanged.connect(self._on_tab_change)
        self.answers.tokenClicked.connect(self._on_answer_token)
        self.shift.tokenSelected.connect(self._on_token_selected)
        self.inside.modelChosen = self.choose_model
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 2)
        layout.setSpacing(3)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.status_label)
        self.status_label.setVisible(self._report is None)  # a window's status line says it instead
        layout.addWidget(self.tabs, 1)

    def _bind(self) -> None:
        handlers = dict(
            compare_next=lambda: self.step_request(1), compare_previous=lambda: self.step_request(-1),
            compare_surprise=self.surprise, compare_type=self.edit_request, compare_apply=self.ask_typed,
            compare_leave=self.focus_page, compare_seed_up=lambda: self.set_seed(self.seed + 1),
            compare_seed_down=lambda: self.set_seed(self.seed - 1), compare_greedy=self.toggle_greedy,
            compare_models=self.next_model_set,
            compare_select_left=lambda: self._move(-1), compare_select_right=lambda: self._move(1),
            compare_select_up=lambda: self._move_model(-1), compare_select_down=lambda: self._move_model(1),
            compare_next_shifted=self._next_shifted, compare_reveal=self.toggle_reveal,
            compare_new_vote=self.new_vote, compare_evaluate=self.toggle_evaluation,
            **{f"compare_section_{key}": (lambda k=key: self.show_section(k)) for key, _, _ in SECTIONS},
            **{f"compare_vote_{n}": (lambda n=n: self.vote(n)) for n in range(1, VOTES + 1)})
        self.actions.bind(**handlers)

    # -- the page protocol of the main window (gui/common/pages.py) --------------------------------------
    def explain(self) -> None:
        if self.explanation is not None:
            self.explanation.show_explanation(Explanation(PANEL_TITLE, PANEL_BODY, PANEL_READING[self.section]))

    def focus_page(self) -> None:
        self.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)

    def page_shown(self) -> None:
        self._compute_if_needed()

    def shutdown(self) -> None:
        """Stop the evaluation at its next step and let both workers end (closing the window, tests)."""
        self.evaluation.stop()
        self.comparer.drop()
        self.comparer.wait()
        self.evaluation.runner.wait()

    def report(self, text: str) -> None:
        self.status_label.setText(text)
        if self._report is not None:
            self._report(text)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._compute_if_needed()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

    def set_models(self, models: dict, tokenizer) -> None:
        """Other models (the shelf got an aligned one): compare again; a running evaluation is for the old ones."""
        self.models, self.tokenizer = dict(models), tokenizer
        self.captions["answers"].setText(CAPTIONS["answers"] if self.chats else REAL_ANSWERS)
        self.compare_now()

    @property
    def chats(self) -> bool:
        """Whether the models read chats (this app's); real models continue the request as plain text."""
        return self.tokenizer.user_id is not None

    # -- the comparison -----------------------------------------------------------------------------
    def compare_now(self) -> None:
        """Ask every model for the current request and seed (on the worker; now if shown, else once shown)."""
        self._dirty = True
        self._compute_if_needed()

    def _compute_if_needed(self) -> None:
        if not self._dirty or not self.isVisible() or not self.prompt:
            return
        self._dirty = False
        dice = "greedy (no dice)" if self.greedy else f"seed {self.seed}, dice at temperature {TEMPERATURE:g}"
        self.report(f"Asking {len(self.models)} models “{self.prompt}” ({dice})…")
        self.comparer.submit(run_comparison, self.models, self.tokenizer, self.prompt,
                             self.request if self.chats else None, self.seed, self.greedy)

    def _on_compared(self, number: int, result) -> None:
        if not self.comparer.is_current(number) or result.prompt != self.prompt:
            return
        self.result = result
        tok, base = self.tokenizer, base_name(self.models)
        self.answers.no_request.setText(NO_REQUEST if self.chats else NO_RATER_REAL)  # why there is no verdict
        self.vote_view.no_verdict = NO_REQUEST if self.chats else NO_RATER_REAL
        self.answers.show_result(result, tok, base)
        self.shift.show_result(result, tok)  # keeps the selected model when it is still there
        self.selected_model = self.shift.selected[0] if self.shift.selected else None
        self.answers.select("", -1)  # the columns frame a token once someone picks one
        self.inside.show_result(result, self.selected_model)
        self.vote_view.show_result(result, tok)
        with QtCore.QSignalBlocker(self.actions.qaction("compare_reveal")):
            self.actions.qaction("compare_reveal").setChecked(False)
        judged = "" if result.verdicts else " The rater (a program) cannot judge a typed request."
        judged = judged if self.chats else " Plain-text continuations; " + NO_RATER_REAL[0].lower() + NO_RATER_REAL[1:]
        self.report(f"{len(result.comparison.answers)} answers in {result.seconds:.1f} s.{judged}")
        self.comparisonShown.emit(result)

    # -- parts and selections ------------------------------------------------------------------------
    def show_section(self, key: str) -> None:
        self.tabs.setCurrentIndex([k for k, _, _ in SECTIONS].index(key))

    def _on_tab_change(self, index: int) -> None:
        self.section = SECTIONS[index][0]
        self.explain()

    def _on_answer_token(self, name: str, index: int) -> None:
        if self.result is not None and name in self.result.comparison.shifts:
            self.shift.select(name, index)
            self.show_section("shift")

    def _on_token_selected(self, name: str, index: int) -> None:
        self.selected_model = name
        self.answers.select(name, index)
        if self.result is not None and self.inside.result is self.result and self.inside.name != name:
            self.inside.show_model(name)

    def choose_model(self, name: str) -> None:
        if self.result is not None and name in self.result.comparison.shifts:
            index = self.shift.selected[1] if self.shift.selected else 0
            self.shift.select(name, min(index, len(self.result.comparison.shifts[name].tokens) - 1))

    def _move(self, steps: int) -> None:
        if self.section in ("answers", "shift"):
            self.shift.move(steps)

    def _move_model(self, steps: int) -> None:
        self.shift.move_model(steps)

    def _next_shifted(self) -> None:
        self.shift.next_shifted()
        if self.section not in ("answers", "shift"):
            self.show_section("shift")

    # -- the blind vote -------------------------------------------------------------------------------
    def vote(self, n: int) -> None:
        if self.section != "vote":
            self.report(f"Votes count in the blind vote: press V to open it, then {n}.")
            return
        if self.vote_view.vote(n - 1):
            self.report(f"A vote for answer {n} ({self.vote_view.state.total} so far).")
        elif self.vote_view.state.revealed:
            self.report("The answers are revealed: Backspace starts a new vote.")

    def toggle_reveal(self) -> None:
        if self.section != "vote" or self.result is None:
            return
        self.vote_view.set_revealed(not self.vote_view.state.revealed)
        with QtCore.QSignalBlocker(self.actions.qaction("compare_reveal")):
            self.actions.qaction("compare_reveal").setChecked(self.vote_view.state.revealed)

    def new_vote(self) -> None:
        if self.section == "vote":
            self.vote_view.again()
            with QtCore.QSignalBlocker(self.actions.qaction("compare_reveal")):
                self.actions.qaction("compare_reveal").setChecked(False)
            self.report("A new vote: the answers are shuffled again.")

    # -- the evaluation --------------------------------------------------------------------------------
    def toggle_evaluation(self) -> None:
        """Ctrl+E: judge the models on the chosen share of the held-out requests, or stop doing so."""
        if self.evaluation.job is not None:
            self.evaluation.stop()
        elif not self.chats:
            self.report(NO_EVALUATION_REAL)
        else:
            self.evaluation.start(self.models, self.tokenizer, self.requests)
