"""QtBlindVote: the room rates the answers without knowing who wrote them, then sees who did.

The answers to the current request are shuffled (a fixed shuffle per request, seed and round,
so a rerun shows the same order) and shown as plain text, with no colour or name that could
give a model away. Each press of 1-4 is one vote for that answer; only the number of votes so
far shows until Enter reveals the models' names, the tally and, beside it, the rater's view
(a program's score, rule by rule). Backspace clears the votes and shuffles again.
"""
from __future__ import annotations

import html
import random
from dataclasses import dataclass, field

from PySide6 import QtCore, QtWidgets

from explainer.align.rules import CRITERIA

from ..common.zoom import on_font_change, scaled_font
from .compare_actions import VOTES
from .texts import CRITERION_TITLES, NO_REQUEST, role


@dataclass
class BlindVote:
    """Which model is behind each answer, and the room's votes (no Qt here)."""
    order: list[str] = field(default_factory=list)  # model name of answer 1, 2, ...
    votes: list[int] = field(default_factory=list)
    revealed: bool = False
    round: int = 0

    def start(self, names: list[str], key: str) -> None:
        self.order = list(names)[:VOTES]
        random.Random(f"{key}|{self.round}").shuffle(self.order)
        self.votes = [0] * len(self.order)
        self.revealed = False

    def again(self, names: list[str], key: str) -> None:
        self.round += 1
        self.start(names, key)

    def vote(self, answer: int) -> bool:
        """One vote for answer `answer` (from 0); False when it is not counted (no such answer, or revealed)."""
        if self.revealed or not 0 <= answer < len(self.order):
            return False
        self.votes[answer] += 1
        return True

    @property
    def total(self) -> int:
        return sum(self.votes)


class QtBlindVote(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = BlindVote()
        self.result = None
        self.no_verdict = NO_REQUEST  # why the rater gave none (the page says so for models not of this app)
        self.tokenizer = None
        self.cards: list[tuple[QtWidgets.QLabel, QtWidgets.QLabel, QtWidgets.QLabel]] = []
        self.request = QtWidgets.QLabel(self)
        self.request.setWordWrap(True)
        self.status = QtWidgets.QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.grid = QtWidgets.QGridLayout()
        self.grid.setHorizontalSpacing(16)
        for i in range(VOTES):
            heading, text, reveal = QtWidgets.QLabel(self), QtWidgets.QLabel(self), QtWidgets.QLabel(self)
            for label in (heading, text, reveal):
                label.setWordWrap(True)
                label.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop | QtCore.Qt.AlignmentFlag.AlignLeft)
            text.setTextFormat(QtCore.Qt.TextFormat.PlainText)
            reveal.setTextFormat(QtCore.Qt.TextFormat.RichText)
            self.grid.addWidget(heading, 0, i)
            self.grid.addWidget(reveal, 1, i)
            self.grid.addWidget(text, 2, i)
            self.grid.setColumnStretch(i, 1)
            self.cards.append((heading, text, reveal))
        self.grid.setRowStretch(3, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.request)
        layout.addLayout(self.grid, 1)
        layout.addWidget(self.status)
        self._apply_fonts()

    def _apply_fonts(self) -> None:
        self.request.setFont(scaled_font(self, 1.25))
        for heading, text, _ in self.cards:
            heading.setFont(scaled_font(self, 1.4, bold=True))
            text.setFont(scaled_font(self, 1.15))

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if on_font_change(event):
            self._apply_fonts()

    # -- content -------------------------------------------------------------------------------
    def show_result(self, result, tokenizer) -> None:
        self.result, self.tokenizer = result, tokenizer
        self.state.round = 0
        self.state.start(list(result.comparison.answers), self._key())
        self.refresh()

    def _key(self) -> str:
        r = self.result
        return f"{r.prompt}|{r.seed}|{r.greedy}"

    def answer_text(self, name: str) -> str:
        a = self.result.comparison.answers[name]
        tok = self.tokenizer
        text = tok.decode([t for t in a.tokens if not tok.is_special(t)]).strip()
        ending = {"eot": "", "user": "  [went on to write the person's next line]", "length": "  [cut off]"}[a.ended]
        return (text or "(nothing)") + ending

    def vote(self, answer: int) -> bool:
        counted = self.state.vote(answer)
        self.refresh()
        return counted

    def set_revealed(self, revealed: bool) -> None:
        self.state.revealed = revealed
        self.refresh()

    def again(self) -> None:
        if self.result is not None:
            self.state.again(list(self.result.comparison.answers), self._key())
            self.refresh()

    def labels(self) -> list[str]:
        """The card headings as shown (tests: no model name may show before the reveal)."""
        return [heading.text() for heading, _, _ in self.cards]

    def refresh(self) -> None:
        s = self.state
        if self.result is None:
            return
        verdicts = self.result.verdicts
        self.request.setText(f"The request: “{self.result.prompt}”")
        for i, (heading, text, reveal) in enumerate(self.cards):
            shown = i < len(s.order)
            for w in (heading, text, reveal):
                w.setVisible(shown)
            if not shown:
                continue
            name = s.order[i]
            text.setText(self.answer_text(name))
            if not s.revealed:
                heading.setText(f"Answer {i + 1}")
                reveal.setText(f"<i>press {i + 1} to vote for it</i>")
                continue
            r = role(name, list(self.result.comparison.answers).index(name))
            heading.setText(f"Answer {i + 1}: {r.title}")
            share = s.votes[i] / s.total if s.total else 0.0
            lines = [f"<i>{html.escape(r.short)}</i>",
                     f"<p><b>The room: {s.votes[i]} vote{'' if s.votes[i] == 1 else 's'}</b> ({share:.0%}) "
                     f"<span style='color:#0072b2'>{'█' * round(share * 12)}</span></p>"]
            v = verdicts.get(name)
            if v is not None:
                marks = " ".join(f"{'✓' if v.passed[c] else '✗'} {CRITERION_TITLES[c]}" for c in CRITERIA)
                lines.append(f"<p><b>The rater (a program): {v.score:g} points</b><br>{marks}</p>")
            reveal.setText("".join(lines))
        self.status.setText(self._status())

    def _status(self) -> str:
        s = self.state
        if not s.revealed:
            return (f"<b>{s.total} vote{'' if s.total == 1 else 's'} so far.</b> Press 1-{len(s.order)} once per "
                    "vote; Enter reveals who wrote which; Backspace starts again with a new shuffle.")
        parts = []
        if s.total:
            best = max(range(len(s.order)), key=lambda i: s.votes[i])
            ties = [i for i in range(len(s.order)) if s.votes[i] == s.votes[best]]
            parts.append("The room liked " + " and ".join(f"answer {i + 1} ({role(s.order[i]).title})" for i in ties)
                         + " best.")
        else:
            parts.append("Nobody voted.")
        verdicts = self.result.verdicts
        if verdicts:
            top = max(verdicts[n].score for n in s.order)
            best = [i for i, n in enumerate(s.order) if verdicts[n].score == top]
            parts.append("The rater (a program) liked " + " and ".join(
                f"answer {i + 1} ({role(s.order[i]).title})" for i in best) + f" best ({top:g} points).")
        else:
            parts.append(self.no_verdict)
        return "<b>Revealed.</b> " + " ".join(parts) + " Backspace: a new vote."
