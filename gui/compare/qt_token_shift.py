"""QtTokenShift: each aligned answer coloured by token shift, and both models' guesses at a chosen token.

Top: one row per aligned model, its answer as chips coloured by the engine's AlignTDS classes
(`TokenShift.classes`) with the base model's rank printed under each token, and a summary line:
how many tokens shifted and which. Bottom: for the selected token, the base model's next-token
bars and the aligned model's, side by side on one axis length, given the same text before it
(`TokenShift.base_probs[i]`, `aligned_probs[i]`). Click a token, or Shift+←/→ along an answer
and Shift+↑/↓ between the models; J jumps to the next shifted token.
"""
from __future__ import annotations

import html

from PySide6 import QtCore, QtGui, QtWidgets

from ..common.text_format import percent
from ..common.zoom import on_font_change
from .qt_distribution_bars import QtDistributionBars
from .qt_shifted_text import CLASS_COLORS, CLASS_WORDS, QtShiftedText, chip_label
from .texts import role, shift_summary

CONTEXT_TOKENS = 6  # how much of the text before the selected token the heading quotes


def legend_html() -> str:
    squares = [f"<span style='background:{CLASS_COLORS[c].name()}; border:1px solid #999'>&nbsp;&nbsp;&nbsp;&nbsp;"
               f"</span>&nbsp;{html.escape(CLASS_WORDS[c])}" for c in CLASS_COLORS]
    return (" &nbsp; ".join(squares) + " (a departure also <b><u>bold and underlined</u></b>, the top three underlined "
            "with dots). &nbsp; <b>#n</b> under a token: "
            "the base model's rank for it there (#1 = its favourite).")


class QtTokenShift(QtWidgets.QSplitter):
    tokenSelected = QtCore.Signal(str, int)  # model name, token index

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(QtCore.Qt.Orientation.Vertical, parent)
        self.result = None
        self.tokenizer = None
        self.names: list[str] = []  # the aligned models, top to bottom
        self.rows: dict[str, tuple[QtWidgets.QLabel, QtShiftedText, QtWidgets.QLabel]] = {}
        self.selected: tuple[str, int] | None = None
        self.scroll = QtWidgets.QScrollArea(self)
        self.scroll.setAccessibleName("The answers, token by token")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self._container = QtWidgets.QWidget()
        self._rows_layout = QtWidgets.QVBoxLayout(self._container)
        self._rows_layout.setContentsMargins(4, 2, 4, 2)
        self.legend = QtWidgets.QLabel(legend_html(), self._container)
        self.legend.setWordWrap(True)
        self._rows_layout.addWidget(self.legend)
        self._rows_layout.addStretch(1)
        self.scroll.setWidget(self._container)
        bottom = QtWidgets.QWidget(self)
        lay = QtWidgets.QVBoxLayout(bottom)
        lay.setContentsMargins(4, 2, 4, 2)
        self.point = QtWidgets.QLabel(bottom)
        self.point.setWordWrap(True)
        self.point.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.point.setSizePolicy(QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Minimum)
        self._fit_point()
        charts = QtWidgets.QHBoxLayout()
        self.base_bars, self.aligned_bars = QtDistributionBars(bottom), QtDistributionBars(bottom)
        self.base_bars.setAccessibleName("The base model's next-token guesses at the selected token")
        self.aligned_bars.setAccessibleName("The aligned model's next-token guesses at the selected token")
        charts.addWidget(self.base_bars, 1)
        charts.addWidget(self.aligned_bars, 1)
        lay.addWidget(self.point)
        lay.addLayout(charts, 1)
        self.addWidget(self.scroll)
        self.addWidget(bottom)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 1)
        self.setChildrenCollapsible(False)
        self._sized = False

    def _fit_point(self) -> None:
        """Two lines for the sentence about the selected token: a splitter's layout gives a wrapped label one."""
        self.point.setMinimumHeight(QtGui.QFontMetrics(self.point.font()).lineSpacing() * 2 + 6)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if on_font_change(event):
            self._fit_point()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._sized:  # the answers get a little less than half, the bars the rest
            self._sized = True
            self.setSizes([int(self.height() * 0.42), self.height() - int(self.height() * 0.42)])

    # -- content -------------------------------------------------------------------------------
    def show_result(self, result, tokenizer) -> None:
        self.result, self.tokenizer = result, tokenizer
        names = list(result.comparison.shifts)
        if names != self.names:
            self._build(names)
        for name in names:
            heading, text, summary = self.rows[name]
            shift = result.comparison.shifts[name]
            displays = tokenizer.displays(shift.tokens)
            text.set_tokens(displays, shift.classes, shift.base_rank)
            summary.setText(shift_summary(role(name).title, [chip_label(d)[0] for d in displays], shift.classes))
        keep = self.selected if self.selected and self.selected[0] in names else None
        if keep is None and names:
            first = names[0]
            shifted = result.comparison.shifts[first].shifted_positions()
            keep = (first, shifted[0] if shifted else 0)
        self.selected = None
        if keep is not None:
            self.select(*keep)
        else:
            self.base_bars.clear()
            self.aligned_bars.clear()
            self.point.setText("Only the base model is here: there is no aligned model to compare it with.")

    def _build(self, names: list[str]) -> None:
        for heading, text, summary in self.rows.values():
            for w in (heading, text, summary):
                w.deleteLater()
        self.rows, self.names = {}, names
        for i, name in enumerate(names):
            r = role(name, i)
            heading = QtWidgets.QLabel(f"<b>{html.escape(r.title)}</b> <i>({html.escape(r.short)})</i>",
                                       self._container)
            text = QtShiftedText(self._container, ranks=True)
            text.setAccessibleName(f"The answer of {r.title}, coloured by token shift")
            text.tokenClicked.connect(lambda index, n=name: self.select(n, index))
            summary = QtWidgets.QLabel(self._container)
            summary.setWordWrap(True)
            at = self._rows_layout.count() - 1  # before the stretch
            for w in (heading, text, summary):
                self._rows_layout.insertWidget(at, w)
                at += 1
            self.rows[name] = (heading, text, summary)

    # -- selection ------------------------------------------------------------------------------
    def select(self, name: str, index: int) -> None:
        if self.result is None or name not in self.rows:
            return
        shift = self.result.comparison.shifts[name]
        if not shift.tokens:
            return
        index = min(max(index, 0), len(shift.tokens) - 1)
        self.selected = (name, index)
        for i, (n, (heading, text, _)) in enumerate(self.rows.items()):
            text.set_selected(index if n == name else -1)
            r = role(n, i)
            mark = "▶ " if n == name else ""
            heading.setText(f"{mark}<b>{html.escape(r.title)}</b> <i>({html.escape(r.short)})</i>")
        heading, _, summary = self.rows[name]
        self.scroll.ensureWidgetVisible(summary, 0, 4)  # the row's summary, then its heading: the whole row
        self.scroll.ensureWidgetVisible(heading, 0, 4)
        self._show_bars(name, index)
        self.tokenSelected.emit(name, index)

    def move(self, steps: int) -> None:
        if self.selected is not None:
            self.select(self.selected[0], self.selected[1] + steps)

    def move_model(self, steps: int) -> None:
        if self.selected is not None and self.names:
            i = min(max(self.names.index(self.selected[0]) + steps, 0), len(self.names) - 1)
            length = len(self.result.comparison.shifts[self.names[i]].tokens)
            self.select(self.names[i], min(self.selected[1], max(length - 1, 0)))

    def next_shifted(self) -> None:
        """The next shifted token after the selection, in this answer or the ones below (then from the top)."""
        if self.selected is None:
            return
        spots = [(m, p) for m, n in enumerate(self.names) for p in self.result.comparison.shifts[n].shifted_positions()]
        here = (self.names.index(self.selected[0]), self.selected[1])
        later = [s for s in spots if s > here] or spots
        if later:
            self.select(self.names[later[0][0]], later[0][1])

    def _show_bars(self, name: str, index: int) -> None:
        shift, tok = self.result.comparison.shifts[name], self.tokenizer
        a = self.result.comparison.answers[name]
        title = role(name).title
        chosen = shift.tokens[index]
        base_p, aligned_p = shift.base_probs[index], shift.aligned_probs[index]
        right = min(1.6, max(0.05, 1.5 * float(max(base_p.max(), aligned_p.max()))))
        self.base_bars.set_distribution("<b>The base model</b> at this point", base_p, chosen, tok.display, right)
        self.aligned_bars.set_distribution(f"<b>{html.escape(title)}</b> at this point", aligned_p, chosen,
                                           tok.display, right)
        before = list(a.prompt) + list(a.tokens[:index])
        context = tok.decode([t for t in before[-CONTEXT_TOKENS:] if not tok.is_special(t)]).strip()
        rank, cls = shift.base_rank[index], shift.classes[index]
        mine, theirs = (html.escape(percent(float(p[chosen]))) for p in (aligned_p, base_p))
        self.point.setText(
            f"After “…{html.escape(context)}” <b>{html.escape(title)}</b> wrote "
            f"“<b>{html.escape(tok.display(chosen))}</b>” ({mine}); for the base model it was "
            f"<b>#{rank + 1}</b> ({theirs}): {CLASS_WORDS[cls]}.")
