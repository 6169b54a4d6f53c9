"""QtAnswerColumns: one column per model, the same request and seed: the answer and the rater's verdict.

Each column shows exactly the tokens the engine generated (`Comparison.answers`, the stop token
included, since how an answer ends is part of what alignment teaches), coloured by token shift
for the aligned models, how the answer ended, and under it the rater's breakdown: ✓ or ✗ for
each of the five rules and its reason in words. The rows line up across the columns, so a rule
can be read across. A click on a token asks the page to open it in the Token shift part.
"""
from __future__ import annotations

import html

from PySide6 import QtCore, QtWidgets

from explainer.align.rules import CRITERIA, MAX_POINTS

from .qt_shifted_text import QtShiftedText
from .texts import CRITERION_TITLES, NO_REQUEST, role

PASS, FAIL = "#0072b2", "#d55e00"  # Okabe-Ito blue and vermillion; the marks differ in shape too (✓ ✗)
ENDINGS = {"eot": "ended its turn", "user": "wrote the person's next line itself", "length": "cut off (too long)"}


def verdict_html(verdict) -> str:
    """The rater's breakdown: a mark and the rule's name, the reason under it; the score last."""
    rows = []
    for c in CRITERIA:
        ok = verdict.passed[c]
        mark = f"<span style='color:{PASS if ok else FAIL}; font-weight:bold'>{'✓' if ok else '✗'}</span>"
        rows.append(f"<tr><td valign='top'>{mark}&nbsp;</td><td><b>{CRITERION_TITLES[c]}</b>: "
                    f"{html.escape(verdict.reasons[c])}</td></tr>")
    return (f"<p style='margin-bottom:2px'><b>The rater: {verdict.score:g} of {MAX_POINTS:g} points</b></p>"
            f"<table cellspacing='0' cellpadding='1'>{''.join(rows)}</table>")


class QtAnswerColumns(QtWidgets.QScrollArea):
    tokenClicked = QtCore.Signal(str, int)  # model name, token index in its answer

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("The answers of the models, side by side")
        self.setWidgetResizable(True)
        self.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.names: list[str] = []
        self.texts: dict[str, QtShiftedText] = {}
        self.headings: dict[str, QtWidgets.QLabel] = {}
        self.endings: dict[str, QtWidgets.QLabel] = {}
        self.verdicts: dict[str, QtWidgets.QLabel] = {}
        self.tokens: dict[str, tuple[int, ...]] = {}  # what each column shows, as the engine generated it
        self.no_request = QtWidgets.QLabel(NO_REQUEST)
        self.no_request.setWordWrap(True)
        self._container = QtWidgets.QWidget()
        self._grid = QtWidgets.QGridLayout(self._container)
        self._grid.setContentsMargins(4, 4, 4, 4)
        self._grid.setHorizontalSpacing(14)
        self._grid.setVerticalSpacing(6)
        self.setWidget(self._container)

    def _label(self, rich: bool = True) -> QtWidgets.QLabel:
        label = QtWidgets.QLabel(self._container)
        label.setWordWrap(True)
        label.setTextFormat(QtCore.Qt.TextFormat.RichText if rich else QtCore.Qt.TextFormat.PlainText)
        label.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop | QtCore.Qt.AlignmentFlag.AlignLeft)
        label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _build(self, names: list[str]) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget() is not None and item.widget() is not self.no_request:
                item.widget().deleteLater()
        self.names = names
        self.texts, self.headings, self.endings, self.verdicts = {}, {}, {}, {}
        for col, name in enumerate(names):
            r = role(name, col)
            heading = self.headings[name] = self._label()
            heading.setText(f"<span style='font-size:large'><b>{html.escape(r.title)}</b></span><br>"
                            f"<i>{html.escape(r.short)}</i>")
            text = self.texts[name] = QtShiftedText(self._container)
            text.setAccessibleName(f"The answer of {r.title}")
            text.tokenClicked.connect(lambda i, n=name: self.tokenClicked.emit(n, i))
            self.endings[name] = self._label()
            self.verdicts[name] = self._label()
            for row, widget in enumerate((heading, text, self.endings[name], self.verdicts[name])):
                self._grid.addWidget(widget, row, col)
            self._grid.setColumnStretch(col, 1)
        self._grid.addWidget(self.no_request, 4, 0, 1, max(1, len(names)))
        self._grid.setRowStretch(5, 1)

    def show_result(self, result, tokenizer, base: str) -> None:
        c = result.comparison
        names = list(c.answers)
        if names != self.names:
            self._build(names)
        self.tokens = {}
        for name in names:
            a = c.answers[name]
            self.tokens[name] = a.tokens
            shift = c.shifts.get(name)
            self.texts[name].set_tokens(tokenizer.displays(a.tokens), shift.classes if shift else None,
                                        shift.base_rank if shift else None)
            ending = f"{len(a.tokens)} tokens · {ENDINGS[a.ended]}"
            if shift is not None:
                n = shift.counts()
                ending += f" · <b>{n['shifted']} shifted</b>, {n['marginal']} in the base model's top three"
            self.endings[name].setText(ending)
            verdict = result.verdicts.get(name)
            self.verdicts[name].setText(verdict_html(verdict) if verdict is not None else "")
            self.verdicts[name].setVisible(verdict is not None)
        self.no_request.setVisible(not result.verdicts)

    def select(self, name: str, index: int) -> None:
        for n, text in self.texts.items():
            text.set_selected(index if n == name else -1)
