"""QtExplanation: the side panel that says, in plain words, what the current view shows.

The text follows the view switcher. The big picture comes from `explanations.py`;
when the view itself carries an `EXPLANATION` (the internals views do), its words
about how to read the picture replace our generic ones. The note on tokens stays at the
bottom, since the token chips are always visible; in chat mode the note on chatting with a
model that is not aligned yet comes first, since it is what the audience is looking at.
"""
from __future__ import annotations

import html

from PySide6 import QtWidgets

from . import explanations
from .explanations import Explanation


class QtExplanation(QtWidgets.QTextBrowser):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName("Explanation of the current view")
        self.setMinimumWidth(260)
        self.current: Explanation | None = None
        self.chat = False
        self.footer: Explanation | None = None  # a page's note after the one on tokens (the Explore timeline)
        self._shown: tuple[str, QtWidgets.QWidget | None] | None = None
        self.show_explanation(explanations.LOADING)

    def set_chat(self, chat: bool) -> None:
        """Chat mode on or off: the note on chatting before alignment comes first while it is on."""
        if chat != self.chat:
            self.chat = chat
            if self._shown is not None:
                self.show_view(*self._shown)

    def show_explanation(self, explanation: Explanation, reading: str = "", tokens: bool = False) -> None:
        """The idea, then how to read the view (`reading`, or the explanation's own), then tokens."""
        self.current = explanation
        parts = []
        if self.chat and tokens:
            parts += [f"<h2>{html.escape(explanations.CHAT.title)}</h2>", explanations.CHAT.body, "<hr>"]
        parts += [f"<h2>{html.escape(explanation.title)}</h2>", explanation.body]
        if reading and not reading.lstrip().startswith("<"):
            reading = f"<p>{html.escape(reading)}</p>"
        if reading or explanation.reading:
            parts += ["<h3>How to read it</h3>", reading or explanation.reading]
        if tokens:
            parts += ["<hr>", f"<h3>{html.escape(explanations.TOKENS.title)}</h3>", explanations.TOKENS.body]
            if self.footer is not None:
                parts += ["<hr>", f"<h3>{html.escape(self.footer.title)}</h3>", self.footer.body]
        self.setHtml("".join(parts))
        self.setAccessibleDescription(self.toPlainText()[:500])

    def show_view(self, key: str, view: QtWidgets.QWidget | None = None) -> None:
        """Explain the view with this key ("next", "grid", "head", "lens", "neurons", "embed")."""
        self._shown = (key, view)
        extra = getattr(view, "EXPLANATION", "") if view is not None else ""
        self.show_explanation(explanations.VIEWS[key], extra if isinstance(extra, str) else "", tokens=True)
