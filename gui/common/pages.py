"""The window's pages, in the order of their keys: Explore (Ctrl+1), Train (Ctrl+2), ...

A page is a widget in a folder of its own (`gui/explore/`, `gui/train/`) built from the main
window, which gives it what every page shares: the model shelf, the training worker, the
action registry, the timeline player, the explanation panel and the status line. Adding a
page (Align, Compare) is two steps:

1. write `gui/<page>/qt_<page>_page.py` with a `QtPage` subclass (its actions are plain
   `ActionSpec`s with `page="<page>"`, bound in its constructor);
2. add one `PageSpec` line to `PAGES` below. Its key (Ctrl+3, Ctrl+4, ...), menu entry,
   page button and help row come from that line.

Ctrl+digit switches pages because it works everywhere, even while typing in the prompt box
(the key router lets Ctrl keys act there), and no page uses Ctrl+digits for anything else.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6 import QtCore, QtWidgets

from .actions import GLOBAL, ActionSpec


@dataclass(frozen=True)
class PageSpec:
    key: str  # "explore": the router's page name and the ActionSpecs' `page`
    title: str  # on its button and in the Pages menu
    help: str  # one plain sentence: what the page is for
    widget: str  # "module:Class" of its QtPage, imported when the model is loaded
    actions: str  # "module:NAME" of its ActionSpecs (plain data, imported at once)

    def load_actions(self) -> tuple[ActionSpec, ...]:
        module, name = self.actions.split(":")
        return tuple(getattr(importlib.import_module(module), name))

    def build(self, window) -> "QtPage":
        module, name = self.widget.split(":")
        return getattr(importlib.import_module(module), name)(window)


PAGES = (
    PageSpec("explore", "Explore", "Watch the model write, one token at a time",
             "gui.explore.qt_explore_page:QtExplorePage", "gui.explore.explore_actions:EXPLORE_ACTIONS"),
    PageSpec("train", "Train", "Watch a model learn: from random numbers to stories",
             "gui.train.qt_train_page:QtTrainPage", "gui.train.train_actions:TRAIN_ACTIONS"),
    PageSpec("align", "Align", "Teach it manners: good examples, people's ratings, and where it goes wrong",
             "gui.align.qt_align_page:QtAlignPage", "gui.align.align_actions:ALIGN_ACTIONS"),
    PageSpec("compare", "Compare", "Before and after alignment: one request, four models",
             "gui.compare.window_page:compare_page", "gui.compare.compare_actions:COMPARE_ACTIONS"),
)


def page_actions(pages=PAGES) -> tuple[ActionSpec, ...]:
    """One action per page: Ctrl+1 for the first, Ctrl+2 for the second, ..."""
    return tuple(ActionSpec(f"page_{p.key}", f"{p.title}", (f"Ctrl+{n}",), p.help, "Pages", GLOBAL,
                            checkable=True) for n, p in enumerate(pages, start=1))


class QtPage(QtWidgets.QWidget):
    """What the main window asks of a page (each method is optional: the window calls it when a
    page has it). `key` is its PageSpec's key; `widget` may also name a plain function that
    takes the window and returns any QWidget."""

    key = ""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window_ = window

    def explain(self) -> None:
        """Put this page's explanation (of what is in front of the person now) on the side panel."""

    def focus_page(self) -> None:
        """Give the keyboard to the page (after a switch, or Esc)."""
        self.setFocus()

    def page_shown(self) -> None:
        """The page came to the front."""

    def shutdown(self) -> None:
        """The window closes: stop timers (the worker is the window's)."""


class PageSlot(QtWidgets.QWidget):
    """Holds one page in the stack. A page not in front says it needs no room: QStackedWidget asks
    every page for its size on each layout pass, and the Train page's answer (wrapped labels, a flow
    layout, a dozen plots) cost the Explore page 10-20 ms per step while hidden."""

    def __init__(self, page: QtWidgets.QWidget, parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self.page = page
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(page)

    def _in_front(self) -> bool:
        stack = self.parentWidget()
        return stack is None or stack.currentWidget() is self

    def sizeHint(self) -> QtCore.QSize:
        return super().sizeHint() if self._in_front() else QtCore.QSize(0, 0)

    def minimumSizeHint(self) -> QtCore.QSize:
        return super().minimumSizeHint() if self._in_front() else QtCore.QSize(0, 0)
