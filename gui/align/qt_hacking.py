"""QtHacking: reward hacking, live. A β control (the KL penalty of RLHF, default the measured
best), a one-click demonstration (RLHF with β = 0 from the bundled SFT model against a weak
reward model), its curves (the reward, the proxy, climbing while the score of the simulated
rater, a program standing in for people, falls), a KL meter, and the answers getting worse.
The page runs the demonstration on the window's worker; this view shows it.
"""
from __future__ import annotations

import math

from PySide6 import QtCore, QtWidgets

from explainer.align.rater_figures import HELD_OUT

from ..common import themes
from .qt_answers_table import QtAnswersTable
from .stages import judged_answers_over_time
from .qt_stage_curves import QtStageCurves
from .texts import BETA_HELP, HACK_CAPTION, RATER

HACK_CURVES = (("reward", "Reward (the proxy)", "what the model is pushed to raise, on its training answers"),
               ("rater/score", "The rater's score (a program)", f"stands in for what people want: {HELD_OUT}"),
               ("kl", "Distance from the SFT model (KL)", "what β holds back"),
               ("completions/mean_length", "Answer length (tokens)", "how long its answers are"))
KL_FULL = 20.0  # nats: the meter is full here (the β = 0 demonstration passes it within minutes)


class QtHacking(QtWidgets.QWidget):
    demoAsked = QtCore.Signal(float)  # the β to run the demonstration with

    def __init__(self, default_beta: float, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.default_beta = default_beta
        self.beta = QtWidgets.QDoubleSpinBox(self)
        self.beta.setRange(0.0, 1.0)
        self.beta.setSingleStep(0.05)
        self.beta.setDecimals(2)
        self.beta.setValue(default_beta)
        self.beta.setAccessibleName("β, the KL penalty of RLHF")
        self.beta.setToolTip(BETA_HELP + " (+ / -)")
        self.beta_note = QtWidgets.QLabel(self)
        self.beta_note.setWordWrap(True)
        self.beta.valueChanged.connect(self._on_beta_change)
        self.demo = QtWidgets.QPushButton("D: run it with β = 0", self)
        self.demo.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.demo.clicked.connect(lambda: self.demoAsked.emit(0.0))
        self.leash = QtWidgets.QPushButton("…or with the β above", self)
        self.leash.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.leash.clicked.connect(lambda: self.demoAsked.emit(self.beta.value()))
        self.caption = QtWidgets.QLabel(f"<b>{HACK_CAPTION}</b>", self)
        self.caption.setWordWrap(True)
        self.honest = QtWidgets.QLabel(f"The rater's score is given by {RATER} standing in for people; the reward "
                                       "model learned from its choices on few pairs, so it has blind spots.", self)
        self.honest.setWordWrap(True)
        themes.mute(self.honest)
        self.kl = QtWidgets.QProgressBar(self)
        self.kl.setRange(0, 1000)
        self.kl.setAccessibleName("KL meter: how far from the SFT model")
        self.kl.setFormat("KL: not running")
        self.status = QtWidgets.QLabel("Press D to start. It takes about two minutes on one core; the curves move as it learns.", self)
        self.status.setWordWrap(True)
        self.curves = QtStageCurves(self)
        self.curves.set_model(None, HACK_CURVES, "No demonstration yet.")
        self.answers = QtAnswersTable(self)
        form = QtWidgets.QFormLayout()
        form.addRow("β (+ / -)", self.beta)
        left = QtWidgets.QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.beta_note)
        intro = QtWidgets.QLabel("<b>The demonstration</b>: RLHF from the bundled SFT model against a weak "
                                 "reward model (trained on few pairs).", self)
        intro.setWordWrap(True)
        meter = QtWidgets.QLabel("<b>KL meter</b>: how far it drifted from the SFT model", self)
        meter.setWordWrap(True)
        left.addWidget(intro)
        left.addWidget(self.demo)
        left.addWidget(self.leash)
        left.addWidget(meter)
        left.addWidget(self.kl)
        left.addWidget(self.status)
        left.addWidget(self.caption)
        left.addWidget(self.honest)
        left.addStretch(1)
        inner = QtWidgets.QWidget(self)
        inner.setLayout(left)
        holder = QtWidgets.QScrollArea(self)  # a small window scrolls the column; nothing is clipped
        holder.setAccessibleName("Reward hacking: the demonstration and its controls")
        holder.setWidget(inner)
        holder.setWidgetResizable(True)
        holder.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        holder.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder.setMaximumWidth(300)
        holder.setMinimumWidth(260)
        right = QtWidgets.QVBoxLayout()
        right.addWidget(self.curves, 2)
        right.addWidget(self.answers, 1)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(holder)
        layout.addLayout(right, 1)
        self._on_beta_change(default_beta)

    def _on_beta_change(self, value: float) -> None:
        what = "no leash: nothing keeps it near the SFT model" if value == 0 else \
            "the default" if math.isclose(value, self.default_beta) else \
            "a stronger leash" if value > self.default_beta else "a weaker leash"
        self.beta_note.setText(f"β = {value:.2f}: {what}. Step 3 (RLHF) uses it too.")

    def step_beta(self, direction: int) -> None:
        self.beta.stepBy(direction)

    def set_model(self, model) -> None:
        self.curves.set_model(model, HACK_CURVES, "No demonstration yet.")
        self.answers.set_model(model)
        self._show_kl(model)

    def refresh(self, model) -> None:
        self.curves.refresh()
        self.answers.refresh(model)
        self._show_kl(model)
        self._show_story(model)

    def _show_story(self, model) -> None:
        """The numbers in one sentence: the reward's rise (its first report to its last, as the docs quote
        it), the rater's score on the held-out requests from its first measure to its last, and how many
        watched answers it now finds worse than at the start."""
        curve = model.curve if model is not None else []
        rows = [r for r in curve if r.get("reward") is not None]
        if len(rows) < 6:
            return

        text = f"Step {rows[-1]['step']:,}: the reward went from {rows[0]['reward']:+.2f} to {rows[-1]['reward']:+.2f}"
        measured = {p.step: p.metrics.get("rater/score") for p in getattr(model, "points", [])}
        measured.update({r["step"]: r["rater/score"] for r in curve if r.get("rater/score") is not None})
        held = [v for _, v in sorted(measured.items()) if v is not None]
        if len(held) >= 2:
            text += f"; the rater's score on {HELD_OUT}, from {held[0]:.0%} to {held[-1]:.0%} of its points"
        judged = judged_answers_over_time(model)
        if len(judged) >= 2:
            start, now = judged[0][1], judged[-1][1]
            worse = sum(1 for (_, _, a), (_, _, b) in zip(start, now) if a and b and b.score < a.score)
            text += f"; the rater finds {worse} of the {len(now)} watched answers worse than at the start"
        self.status.setText(text + ".")

    def _show_kl(self, model) -> None:
        kls = [row["kl"] for row in (model.curve if model is not None else []) if row.get("kl") is not None]
        if not kls:
            self.kl.setValue(0)
            self.kl.setFormat("KL: not running")
            return
        kl = max(kls[-1], 0.0)
        self.kl.setValue(round(1000 * min(kl / KL_FULL, 1.0)))
        far = "close to the SFT model" if kl < 2 else "drifting away" if kl < 8 else "far from the SFT model"
        self.kl.setFormat(f"KL {kl:.1f}: {far}")
