"""What the Compare page asks: one of the held-out requests (◀ ▶, R for a surprise) or one typed in
(Ctrl+L), the seed every model rolls its dice with, or no dice at all (greedy), and of which models:
this app's own set, or real models that share a tokenizer (O, or the Models box; shown when there
is a choice). Any change asks every model again (`compare_now`).

A mixin of `QtComparePage` (gui/compare/qt_compare_page.py): it builds the two rows at the top
of the page and keeps `index` (the held-out request, None while a typed one is shown), `typed`,
`seed` and `greedy`.
"""
from __future__ import annotations

from typing import Callable

from PySide6 import QtCore, QtWidgets

from explainer.align.data import Request


class RequestChoice:
    def _build_request_rows(self) -> tuple[QtWidgets.QHBoxLayout, QtWidgets.QHBoxLayout]:
        self.request_box = QtWidgets.QComboBox(self)
        self.request_box.setAccessibleName("Held-out request")
        self.request_box.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.request_box.setMinimumContentsLength(28)
        for i, r in enumerate(self.requests):
            self.request_box.addItem(f"{i + 1}/{len(self.requests)} · {r.kind} · {r.text}")
        self.request_box.activated.connect(self.set_request)
        self.own = QtWidgets.QLineEdit(self)
        self.own.setPlaceholderText("…or type your own request (Ctrl+L)")
        self.own.setAccessibleName("Your own request")
        self.own.returnPressed.connect(self.ask_typed)
        self.seed_box = QtWidgets.QSpinBox(self)
        self.seed_box.setRange(0, 9999)
        self.seed_box.setPrefix("seed ")
        self.seed_box.setAccessibleName("Seed: the roll of the dice every model uses")
        self.seed_box.valueChanged.connect(self.set_seed)
        self.set_box = QtWidgets.QComboBox(self)
        self.set_box.setAccessibleName("Which models to compare")
        self.set_box.setToolTip(self.actions.specs["compare_models"].help + " (O)")
        self.set_box.activated.connect(lambda i: self._choose_set(i))
        self.set_box.hide()  # until there is a choice (set_model_sets)
        self._choose_set: Callable[[int], None] = lambda i: None
        self.buttons = {}
        first, second = QtWidgets.QHBoxLayout(), QtWidgets.QHBoxLayout()
        for row in (first, second):
            row.setSpacing(4)
        first.addWidget(self._button("compare_previous"))
        first.addWidget(self.request_box, 1)
        first.addWidget(self._button("compare_next"))
        first.addWidget(self._button("compare_surprise"))
        second.addWidget(self.set_box)
        second.addWidget(self.own, 1)
        second.addWidget(self._button("compare_apply"))
        second.addWidget(self.seed_box)
        second.addWidget(self._button("compare_greedy"))
        return first, second

    def set_model_sets(self, labels: list[str], current: int, choose: Callable[[int], None]) -> None:
        """The sets of models the page can compare; `choose(index)` puts one on the page (set_models)."""
        self._choose_set = choose
        with QtCore.QSignalBlocker(self.set_box):
            self.set_box.clear()
            self.set_box.addItems(labels)
            self.set_box.setCurrentIndex(current)
        self.set_box.setVisible(len(labels) > 1)

    def next_model_set(self) -> None:
        """O: the next set of models, if there is another."""
        if self.set_box.count() < 2:
            self.report("Only this app's models can be compared now: open two real models that share a tokenizer "
                        "(Ctrl+O), for example a base model and its instruction-tuned version, to compare them.")
            return
        index = (self.set_box.currentIndex() + 1) % self.set_box.count()
        with QtCore.QSignalBlocker(self.set_box):
            self.set_box.setCurrentIndex(index)
        self._choose_set(index)

    def _button(self, action_id: str) -> QtWidgets.QToolButton:
        b = QtWidgets.QToolButton(self)
        b.setDefaultAction(self.actions.qaction(action_id))
        b.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
        b.setFocusPolicy(QtCore.Qt.FocusPolicy.TabFocus)
        self.buttons[action_id] = b
        return b

    # -- the request, the seed, the models -----------------------------------------------------------
    @property
    def request(self) -> Request | None:
        if self.index is not None:
            return self.requests[self.index]
        return next((r for r in self.requests if r.text.strip() == self.typed.strip()), None)

    @property
    def prompt(self) -> str:
        return self.requests[self.index].text if self.index is not None else self.typed

    def set_request(self, index: int) -> None:
        if not self.requests:
            return
        self.index = index % len(self.requests)
        self._show_request_box()
        self.compare_now()

    def step_request(self, steps: int) -> None:
        self.set_request((self.index if self.index is not None else -1 if steps > 0 else 0) + steps)

    def surprise(self) -> None:
        if len(self.requests) > 1:
            choices = [i for i in range(len(self.requests)) if i != self.index]
            self.set_request(self._rng.choice(choices))

    def edit_request(self) -> None:
        self.own.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
        self.own.selectAll()

    def ask_typed(self) -> None:
        text = self.own.text().strip()
        if not text:
            self.report("Type a request first (Ctrl+L), then press Enter.")
            return
        self.typed, self.index = text, None
        self._show_request_box()
        self.focus_page()
        self.compare_now()

    def set_seed(self, seed: int) -> None:
        seed = max(0, int(seed))
        if seed == self.seed:
            return
        self.seed = seed
        with QtCore.QSignalBlocker(self.seed_box):
            self.seed_box.setValue(seed)
        self.compare_now()

    def toggle_greedy(self) -> None:
        self.greedy = not self.greedy
        self.seed_box.setEnabled(not self.greedy)
        with QtCore.QSignalBlocker(self.actions.qaction("compare_greedy")):
            self.actions.qaction("compare_greedy").setChecked(self.greedy)
        self.compare_now()

    def restore(self, request: int, typed: str, seed: int, greedy: bool) -> None:
        """All four at once and one comparison for them (a scene opening), not one per change."""
        self.seed, self.greedy = max(0, int(seed)), bool(greedy)
        with QtCore.QSignalBlocker(self.seed_box):
            self.seed_box.setValue(self.seed)
        self.seed_box.setEnabled(not self.greedy)
        with QtCore.QSignalBlocker(self.actions.qaction("compare_greedy")):
            self.actions.qaction("compare_greedy").setChecked(self.greedy)
        if typed:
            self.typed, self.index = typed, None
            self.own.setText(typed)
        elif self.requests:
            self.typed, self.index = "", request % len(self.requests)
        self._show_request_box()
        self.compare_now()

    def showing(self) -> bool:
        """The answers on screen are those of the request, seed and dice chosen now."""
        r = self.result
        return r is not None and r.prompt == self.prompt and r.seed == self.seed and r.greedy == self.greedy

    def _show_request_box(self) -> None:
        with QtCore.QSignalBlocker(self.request_box):
            self.request_box.setCurrentIndex(self.index if self.index is not None else -1)
