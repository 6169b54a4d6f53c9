"""QtRewardInside: inside the reward model. Two answers to one request side by side, each with
its reward and a line of the reward after each token (`RewardModel.prefix_scores`: the score
the text would get if it ended there), and the tokens coloured by how much each moved it (not by
colour alone: a token that moved it by a quarter of the largest move or more carries ↑ or ↓).

The reward model is a separate network loaded from its folder, never the one a worker
trains; scoring an answer of ~50 tokens is one forward pass, fast enough on the GUI thread.
"""
from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from ..common import themes

UP, DOWN = "#009e73", "#d55e00"
MARKED = 0.25  # of the largest move: smaller moves are only tinted, faintly


def reward_line(reward_model, tokenizer, prompt: str, answer: str) -> tuple[list[int], np.ndarray]:
    """(answer tokens, the reward after each of them) for an answer as the model would end it."""
    from explainer.align.chat import chat_prompt
    from explainer.align.reward import answer_tokens
    prompt_tokens = chat_prompt(tokenizer, prompt)
    tokens = list(answer_tokens(tokenizer, answer, "eot"))
    scores = reward_model.prefix_scores(prompt_tokens + tokens)[len(prompt_tokens):]
    return tokens, scores.numpy().astype(np.float64)


class _TickTokens(pg.AxisItem):
    """x ticks named by the tokens (every few, so they stay legible)."""

    def __init__(self) -> None:
        super().__init__("bottom")
        self.names: list[str] = []

    def tickValues(self, minVal, maxVal, size):
        every = max(1, len(self.names) // 8)
        return [(every, list(range(0, len(self.names), every)))]

    def tickStrings(self, values, scale, spacing):
        return [self.names[int(v)].strip() or "␣" if 0 <= int(v) < len(self.names) else "" for v in values]


class _Column(QtWidgets.QWidget):
    edited = QtCore.Signal()

    def __init__(self, n: int, parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self.answer = QtWidgets.QComboBox(self)
        self.answer.setEditable(True)
        self.answer.setInsertPolicy(QtWidgets.QComboBox.InsertPolicy.NoInsert)
        self.answer.setAccessibleName(f"Answer {n}")
        self.answer.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.answer.setMinimumContentsLength(20)
        self.answer.lineEdit().editingFinished.connect(self.edited.emit)
        self.answer.activated.connect(lambda _i: self.edited.emit())
        self.total = QtWidgets.QLabel(self)
        self.total.setAccessibleName(f"Reward of answer {n}")
        self.axis = _TickTokens()
        self.plot = pg.PlotWidget(self, axisItems={"bottom": self.axis}, background=themes.plot_background())
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.showGrid(x=False, y=True, alpha=0.2)
        self.plot.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.plot.setLabel("left", "reward so far")
        self.curve = self.plot.plot(pen=pg.mkPen("#0072b2", width=2), symbol="o", symbolSize=5,
                                    symbolBrush="#0072b2", symbolPen=None)
        self.zero = pg.InfiniteLine(angle=0, pos=0, pen=pg.mkPen("#999999", width=1))
        self.plot.addItem(self.zero, ignoreBounds=True)
        self.tokens_text = QtWidgets.QLabel(self)
        self.tokens_text.setWordWrap(True)
        self.tokens_text.setTextFormat(QtCore.Qt.TextFormat.RichText)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(QtWidgets.QLabel(f"<b>Answer {n}</b> (pick one, or type your own)", self))
        layout.addWidget(self.answer)
        layout.addWidget(self.total)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.tokens_text)

    def show_line(self, names: list[str], scores: np.ndarray) -> None:
        self.axis.names = names
        self.curve.setData(np.arange(len(scores), dtype=np.float64), scores)
        self.axis.picture = None
        self.axis.update()
        final = float(scores[-1]) if len(scores) else 0.0
        self.total.setText(f"<span style='font-size:large'>Reward: <b>{final:+.2f}</b></span>")
        steps = np.diff(np.concatenate([[scores[0]], scores])) if len(scores) else scores
        big = max(float(np.abs(steps).max()) if len(steps) else 0.0, 1e-6)
        chips = []
        for name, step in zip(names, steps):
            alpha = min(abs(float(step)) / big, 1.0)
            color = UP if step > 0 else DOWN
            mark = ("↑" if step > 0 else "↓") if alpha >= MARKED else ""
            chips.append(f"<span style='background-color:rgba({_rgb(color)},{0.15 + 0.6 * alpha:.2f})'>"
                         f"{html.escape(name)}{mark}</span>")
        self.tokens_text.setText(f"<span style='color:{themes.css('muted')}'>Each token, green where the reward "
                                 "rose, red where it fell, with ↑ or ↓ where it moved most:</span><br>"
                                 + "".join(chips))


def _rgb(hex_color: str) -> str:
    return ",".join(str(int(hex_color[i:i + 2], 16)) for i in (1, 3, 5))


class QtRewardInside(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Inside the reward model")
        self.reward_model = self.tokenizer = None
        self.title = QtWidgets.QLabel("No reward model yet: run step 2, or press B on it for the bundled one.", self)
        self.title.setWordWrap(True)
        self.prompt = QtWidgets.QComboBox(self)
        self.prompt.setAccessibleName("The request")
        self.prompt.activated.connect(lambda _i: self._fill_answers())
        self.columns = [_Column(1, self), _Column(2, self)]
        for column in self.columns:
            column.edited.connect(self.rescore)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(QtWidgets.QLabel("<b>User:</b>", self))
        top.addWidget(self.prompt, 1)
        side = QtWidgets.QHBoxLayout()
        for column in self.columns:
            side.addWidget(column, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addLayout(side, 1)
        self.choices: dict[str, list[str]] = {}

    def set_reward_model(self, reward_model, tokenizer, title: str, choices: dict[str, list[str]]) -> None:
        """The reward model to look inside, and for each request a few answers to pick from."""
        self.reward_model, self.tokenizer, self.choices = reward_model, tokenizer, choices
        self.title.setText(f"<b>{html.escape(title)}</b> scores each answer: higher means it expects people to "
                           "like it more.")
        with QtCore.QSignalBlocker(self.prompt):
            self.prompt.clear()
            self.prompt.addItems(list(choices))
        self._fill_answers()

    def _fill_answers(self) -> None:
        answers = self.choices.get(self.prompt.currentText(), [])
        for i, column in enumerate(self.columns):
            with QtCore.QSignalBlocker(column.answer):
                column.answer.clear()
                column.answer.addItems(answers)
                column.answer.setCurrentIndex(min(i, len(answers) - 1))
        self.rescore()

    def set_answer(self, column: int, text: str) -> None:
        self.columns[column].answer.setEditText(text)
        self.rescore()

    def type_answer(self) -> None:
        line = self.columns[0].answer.lineEdit()
        line.setFocus()
        line.selectAll()

    def rescore(self) -> None:
        if self.reward_model is None:
            return
        prompt = self.prompt.currentText()
        for column in self.columns:
            tokens, scores = reward_line(self.reward_model, self.tokenizer, prompt, column.answer.currentText())
            names = [self.tokenizer.decode([t]) if not self.tokenizer.is_special(t) else "[end]" for t in tokens]
            column.show_line(names, scores)
        low = min(float(c.curve.yData.min()) for c in self.columns if c.curve.yData is not None)
        high = max(float(c.curve.yData.max()) for c in self.columns if c.curve.yData is not None)
        pad = 0.1 * max(high - low, 0.5)
        for column in self.columns:  # one scale for both: the two answers compare at a glance
            column.plot.setYRange(low - pad, high + pad, padding=0)
