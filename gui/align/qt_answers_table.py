"""QtAnswersTable: the same few requests answered at each snapshot of a step, one row per step,
so a room reads the behaviour change ("step 0: …", "step 200: …") down a column.

Rows come from `stages.judged_answers_over_time` (the model's timeline points and live curve rows);
only new rows are added, so a live run costs one row per sample, not a rebuild.
"""
from __future__ import annotations

import textwrap

from PySide6 import QtCore, QtWidgets

from .stages import judged_answers_over_time

MAX_CHARS = 220  # a cell holds a few lines; the full answer is in its tooltip


class QtAnswersTable(QtWidgets.QTableWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(0, 0, parent)
        self.setAccessibleName("The same requests answered at each step")
        self.setWordWrap(True)
        self.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.setVerticalScrollMode(QtWidgets.QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.horizontalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        self.steps: list[int] = []
        self.requests: list[str] = []

    def set_model(self, model) -> None:
        """Show `model`'s answers over time (None: an empty table)."""
        self.steps, self.requests = [], []
        self.setRowCount(0)
        self.setColumnCount(0)
        self.refresh(model)

    def refresh(self, model, rows=None) -> None:
        """Add `model`'s new rows (or the given [(step, [(request, answer)])]); where the run recorded the
        rater's verdict on an answer (a program's), it goes under the answer, in words."""
        rows = rows if rows is not None else judged_answers_over_time(model) if model is not None else []
        if [s for s, _ in rows[:len(self.steps)]] != self.steps:  # not a continuation: start again
            self.steps = []
            self.setRowCount(0)
        for step, answers in rows[len(self.steps):]:
            if not self.requests and answers:
                self.requests = [a[0] for a in answers]
                self.setColumnCount(len(self.requests))
                # a header never wraps by itself: lines of its own keep the whole request readable
                self.setHorizontalHeaderLabels([textwrap.fill(f"“{q}”", 22) for q in self.requests])
            row = self.rowCount()
            self.insertRow(row)
            self.setVerticalHeaderItem(row, QtWidgets.QTableWidgetItem(f"step {step:,}"))
            for col, (_, answer, *judged) in enumerate(answers[:self.columnCount()]):
                shown = answer if len(answer) <= MAX_CHARS else answer[:MAX_CHARS].rsplit(" ", 1)[0] + " …"
                verdict = judged[0].text() if judged and judged[0] is not None else ""
                item = QtWidgets.QTableWidgetItem((shown or "(says nothing)") + (f"\n— {verdict}" if verdict else ""))
                item.setToolTip(answer + (f"\n\nThe {verdict} (the simulated rater, a program)" if verdict else ""))
                item.setTextAlignment(QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop)
                self.setItem(row, col, item)
            self.steps.append(step)
        if rows:
            self.scrollToBottom()

    def cell_text(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return item.text() if item is not None else ""
