"""QtExplanation: the side panel that says, in plain words, what is in front.

Pages give it `Explanation`s (gui/common/explanation.py): the idea, then how to read the view
(a view's own words replace the generic ones), then notes that stay true whatever the view
(the Explore page's note on tokens and on its timeline), and first of all a note that must be
read before anything else (chatting with a model that is not aligned yet).
"""
from __future__ import annotations

import html

from PySide6 import QtWidgets

from .explanation import LOADING, Explanation


class QtExplanation(QtWidgets.QTextBrowser):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName("Explanation of the current view")
        self.setMinimumWidth(260)
        self.current: Explanation | None = None
        self.banner = ""  # light HTML shown above everything (the guided tour's card), until cleared
        self._shown: tuple = (LOADING, "", (), ())
        self.show_explanation(LOADING)

    def set_banner(self, html_text: str) -> None:
        """A card above whatever the pages explain (links in it reach `anchorClicked`); "" removes it."""
        self.banner = html_text
        self.show_explanation(*self._shown)
        self.verticalScrollBar().setValue(0)

    def show_explanation(self, explanation: Explanation, reading: str = "", first: tuple[Explanation, ...] = (),
                         after: tuple[Explanation, ...] = ()) -> None:
        """`first` notes, the idea, how to read the view (`reading`, or the explanation's own), `after` notes."""
        self.current, self._shown = explanation, (explanation, reading, first, after)
        parts = [self.banner, "<hr>"] if self.banner else []
        for note in first:
            parts += [f"<h2>{html.escape(note.title)}</h2>", note.body, "<hr>"]
        parts += [f"<h2>{html.escape(explanation.title)}</h2>", explanation.body]
        if reading and not reading.lstrip().startswith("<"):
            reading = f"<p>{html.escape(reading)}</p>"
        if reading or explanation.reading:
            parts += ["<h3>How to read it</h3>", reading or explanation.reading]
        for note in after:
            parts += ["<hr>", f"<h3>{html.escape(note.title)}</h3>", note.body]
        self.setHtml("".join(parts))
        self.setAccessibleDescription(self.toPlainText()[:500])
