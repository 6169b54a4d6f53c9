"""QtRatingPanel: rate it yourself. A request, two answers from the model on the timeline, and
the person (or a room, by a show of hands) picks the better one: 1, 2, or 0 to skip.

Each vote is appended to the ratings file at once (`explainer.align.ratings.append_rating`:
one write, flushed to disk, so a vote is either in the file or not, whatever happens to the
app). Then the panel shows what the simulated rater, a program, would have chosen and why, and
the running agreement between the person and the program over every vote in the file (read
back when the panel is built, so it survives a restart). Answers are sampled with a seed per
pair, so the same pair comes back the same on any machine.
"""
from __future__ import annotations

import html
from pathlib import Path

from PySide6 import QtCore, QtWidgets

from ..common import themes
from .stages import agreement_text
from .texts import RATER

ANSWER_TOKENS = 48


def rater_choice(request, answers) -> tuple[int | None, float, object, object]:
    """(0 or 1 as the simulated rater prefers, None when it finds them equal; its probability of
    preferring the first; both verdicts), without its noise: what it wants, not one roll of its dice."""
    from explainer.align.rater import Rater
    _, p_first, va, vb = Rater().prefer(request, *answers)
    return (None if va.score == vb.score else 0 if va.score > vb.score else 1), p_first, va, vb


class QtRatingPanel(QtWidgets.QWidget):
    voted = QtCore.Signal(object)  # the Rating just written
    retrainAsked = QtCore.Signal()

    def __init__(self, path: str | Path, parent: QtWidgets.QWidget | None = None, requests=None) -> None:
        super().__init__(parent)
        from explainer.align.data import eval_prompts
        self.path = Path(path)
        self.requests = list(requests) if requests is not None else eval_prompts()
        self._by_text = {r.text: r for r in self.requests}
        self.model = self.tokenizer = None
        self.model_title = ""
        self.pair: tuple | None = None  # (request, (Answer, Answer))
        self.agree = self.decided = self.skipped = 0
        self.bad_lines = 0
        self.count = 0  # the person's ratings in the file, skips included: the next pair's number
        self._read_file()

        self.request = QtWidgets.QLabel(self)
        self.request.setWordWrap(True)
        self.request.setAccessibleName("The request")
        self.boxes, self.buttons = [], []
        answers = QtWidgets.QHBoxLayout()
        for n in (1, 2):
            column = QtWidgets.QVBoxLayout()
            box = QtWidgets.QTextBrowser(self)
            box.setAccessibleName(f"Answer {n}")
            box.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
            button = QtWidgets.QPushButton(f"{n}: answer {n} is better", self)
            button.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, c=n - 1: self.vote(c))
            column.addWidget(box, 1)
            column.addWidget(button)
            answers.addLayout(column)
            self.boxes.append(box)
            self.buttons.append(button)
        skip = QtWidgets.QPushButton("0: skip", self)
        skip.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        skip.clicked.connect(lambda: self.vote(None))
        self.retrain = QtWidgets.QPushButton("T: retrain the reward model with these votes", self)
        self.retrain.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.retrain.clicked.connect(self.retrainAsked.emit)
        self.feedback = QtWidgets.QTextBrowser(self)
        self.feedback.setAccessibleName(f"What {RATER} would have chosen, and why")
        self.feedback.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.agreement = QtWidgets.QLabel(self)
        self.agreement.setWordWrap(True)
        self.agreement.setAccessibleName("Agreement between you and the program")
        self.where = QtWidgets.QLabel(self)
        self.where.setWordWrap(True)
        themes.mute(self.where)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(skip)
        row.addStretch(1)
        row.addWidget(self.retrain)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.request)
        layout.addLayout(answers, 3)
        layout.addLayout(row)
        layout.addWidget(self.agreement)
        layout.addWidget(self.feedback, 2)
        layout.addWidget(self.where)
        self._show_counts()

    # -- the file -----------------------------------------------------------------------------------
    def _read_file(self) -> None:
        from explainer.align.rater import Answer
        from explainer.align.ratings import read_ratings
        ratings, self.bad_lines = read_ratings(self.path)
        people = [r for r in ratings if r.who == "person"]
        self.count = len(people)
        for r in people:
            self._count_vote(self._by_text.get(r.prompt), (Answer(r.answers[0], r.ended[0]),
                                                           Answer(r.answers[1], r.ended[1])), r.preferred)

    def _count_vote(self, request, answers, preferred: int | None) -> int | None:
        if preferred is None:
            self.skipped += 1
            return None
        if request is None:  # a request the program does not know: it cannot judge it
            return None
        choice = rater_choice(request, answers)[0]
        if choice is not None:
            self.decided += 1
            self.agree += choice == preferred
        return choice

    # -- the pair on screen -------------------------------------------------------------------------
    def set_model(self, model, tokenizer, title: str) -> None:
        """The model whose answers are rated (an inspection copy: never the one being trained)."""
        self.model, self.tokenizer, self.model_title = model, tokenizer, title
        self.new_pair()

    def new_pair(self) -> None:
        from explainer.align.chat import sample_answers
        from explainer.sampling import SamplerSettings
        if self.model is None:
            self.request.setText("No model to answer yet.")
            return
        request = self.requests[self.count % len(self.requests)]
        # one batch of the same request four times, from one seeded generator; the pair is the first
        # answer and the first that reads differently (an aligned model often says the same twice,
        # and a vote between two equal answers teaches nothing)
        sampled = sample_answers(self.model, self.tokenizer, [request.text] * 4, SamplerSettings(temperature=1.0),
                                 seed=self.count, max_new=ANSWER_TOKENS)
        drawn = [s.answer(self.tokenizer) for s in sampled]
        other = next((a for a in drawn[1:] if a.text.strip() != drawn[0].text.strip()), drawn[1])
        answers = (drawn[0], other)
        self.pair = (request, answers)
        self.request.setText(f"<span style='font-size:large'>Pair {self.count + 1}. <b>User:</b> "
                             f"{html.escape(request.text)}</span><br>Answers by {html.escape(self.model_title)}. "
                             "Which is better? (a show of hands, then 1 or 2; 0 skips)"
                             + ("" if other.text.strip() != drawn[0].text.strip() else
                                "<br><i>It gave the same answer four times: 0 skips to the next request.</i>"))
        for box, answer in zip(self.boxes, answers):
            ending = {"length": " (cut off: it never ended)", "user": " (it wrote the person's next line)"}
            box.setHtml(f"<p style='font-size:large'>{html.escape(answer.text) or '<i>(says nothing)</i>'}"
                        f"<i>{ending.get(answer.ended, '')}</i></p>")

    def vote(self, preferred: int | None) -> None:
        """Write the vote, then show the program's choice and the agreement so far, then the next pair."""
        from explainer.align.ratings import Rating, append_rating
        if self.pair is None:
            return
        request, answers = self.pair
        rating = Rating(request.text, (answers[0].text, answers[1].text), preferred, "person",
                        (answers[0].ended, answers[1].ended), self.model_title)
        append_rating(self.path, rating)  # first: a vote on screen is a vote on disk
        self.count += 1
        choice = self._count_vote(request, answers, preferred)
        self._show_feedback(request, answers, preferred, choice)
        self._show_counts()
        self.voted.emit(rating)
        self.new_pair()

    def _show_feedback(self, request, answers, preferred, choice) -> None:
        _, p_first, va, vb = rater_choice(request, answers)
        you = "skipped" if preferred is None else f"chose answer {preferred + 1}"
        if choice is None:
            says = f"{RATER.capitalize()}, finds them equally good ({va.score:g} points each): it would toss a coin."
        else:
            sure = p_first if choice == 0 else 1 - p_first
            says = (f"{RATER.capitalize()}, would choose answer {choice + 1} ({max(va.score, vb.score):g} points "
                    f"against {min(va.score, vb.score):g}; it picks it {sure:.0%} of the time).")
        rows = "".join(f"<p><b>Answer {n}</b>: " + html.escape(v.explain()).replace("; ", "<br>") + "</p>"
                       for n, v in ((1, va), (2, vb)))
        self.feedback.setHtml(f"<p>On the last pair you {you}. {html.escape(says)}</p>{rows}")

    def _show_counts(self) -> None:
        self.agreement.setText(agreement_text(self.agree, self.decided) +
                               (f" ({self.skipped} skipped.)" if self.skipped else ""))
        torn = f" {self.bad_lines} line(s) could not be read (torn by a crash) and were left out." \
            if self.bad_lines else ""
        self.where.setText(f"{self.count} vote(s) of yours in {self.path}; each is saved the moment you vote.{torn}")
