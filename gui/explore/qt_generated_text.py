"""QtGeneratedText: the story so far, each token the model wrote marked with the chance it had.

The prompt is shown plain, the model's tokens on a tint that says how sure the model
was, with the probability as a number after the token: an audience sees at a glance
which words were obvious and which were a roll of the dice. Not by colour alone: a
possible word is also underlined with dots, a surprising one with a wavy line (as a
spelling checker marks a word it did not expect), and a word you chose is bold. The
tints are pale in every theme, with black words on them. The end of the text is
written with the tokenizer's own name for it ("[end of text]"), as the bars and chips
write it. The view keeps the newest token in sight on every change.
"""
from __future__ import annotations

import codecs
import html

from PySide6 import QtGui, QtWidgets

from ..common import themes
from ..common.qt_subscription import follow
from ..common.text_format import isolate, percent, visible
from ..common.zoom import on_font_change

PROMPT_TAIL_CHARS = 1500  # a 10,000-character prompt would bury the new text; show its end
SURE, UNSURE = 0.5, 0.1
TINTS = {"sure": "#d9f0d3", "middle": "#fff3bf", "surprise": "#ffd8a8"}
INK = "#000000"  # the words on a tint, in every theme: the tints are pale
LINES = {"sure": "none", "middle": "dotted", "surprise": "wave"}  # Qt's rich text: `text-underline-style`

__all__ = ["QtGeneratedText", "percent", "tint", "visible"]


def sureness(probability: float) -> str:
    """"sure" (likely, 50%+), "middle" (possible) or "surprise" (under 10%)."""
    if probability >= SURE:
        return "sure"
    return "middle" if probability >= UNSURE else "surprise"


def tint(probability: float) -> str:
    return TINTS[sureness(probability)]


class QtGeneratedText(QtWidgets.QWidget):
    """The legend, then read-only rich text of the prompt and the generated tokens, rebuilt on each change."""

    LEGEND = ("How sure the model was, by tint and line: "
              f"<span style='background:{TINTS['sure']};color:{INK}'>&nbsp;likely (50%+): no line&nbsp;</span> "
              f"<span style='background:{TINTS['middle']};color:{INK}'>&nbsp;<span style='text-underline-style:"
              f"{LINES['middle']}'>possible</span>: dotted line&nbsp;</span> "
              f"<span style='background:{TINTS['surprise']};color:{INK}'>&nbsp;<span style='text-underline-style:"
              f"{LINES['surprise']}'>surprising</span> (under 10%): wavy line&nbsp;</span>; "
              "the number after a word is the chance it had; <b>bold</b>: chosen by you.")

    def __init__(self, exploration, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._ex = exploration
        # colours in the text, not a style sheet: a widget with a style sheet stops following the zoom
        self.legend = QtWidgets.QLabel(self)
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName("Legend of the generated text")
        self.browser = QtWidgets.QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName("Generated text")
        self.browser.setAccessibleDescription("The prompt followed by the tokens the model wrote, "
                                              "each with the probability it had")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.legend)
        layout.addWidget(self.browser, 1)
        self._fit_height()
        # setHtml puts the view back at the top; the range grows a little later, once laid out
        self.browser.verticalScrollBar().rangeChanged.connect(lambda _low, _high: self.scroll_to_end())
        self.pieces: list[str] = []  # the text of each generated token, for tests and screen readers
        self._sync_legend()
        self._sync()
        follow(self, exploration, self._on_exploration_change)

    def _fit_height(self) -> None:
        # never fewer than three lines of the (large) text: the newest words need their context
        line = QtGui.QFontMetrics(self.browser.font()).lineSpacing() * 1.25
        self.browser.setMinimumHeight(int(3 * line) + 10)
        self._fit_legend()

    def _fit_legend(self) -> None:
        # The splitter this sits in knows nothing of the wrapped legend's height: without this the
        # text would be pushed under the controls below when the legend takes two lines.
        need = self.legend.heightForWidth(max(self.width(), 1)) + self.layout().spacing() + self.browser.minimumHeight()
        if self.minimumHeight() != need:
            self.setMinimumHeight(need)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_legend()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if on_font_change(event):
            self._fit_height()
        elif themes.on_palette_change(event):
            self._sync_legend()
            self._sync()

    def _sync_legend(self) -> None:
        self.legend.setText(f"<span style='color:{themes.css('muted')}'>{self.LEGEND}</span>")

    def toPlainText(self) -> str:
        return self.browser.toPlainText()

    def toHtml(self) -> str:
        return self.browser.toHtml()

    def scroll_to_end(self) -> None:
        bar = self.browser.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _on_exploration_change(self, what: str) -> None:
        if what in ("prompt", "tokens", "model"):
            self._sync()

    def generated_pieces(self) -> list[str]:
        """Each generated token as text. Bytes are decoded incrementally, so an emoji split over
        several tokens appears whole on the token that completes it instead of as broken glyphs."""
        tok = self._ex.tokenizer
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        pieces = []
        for g in self._ex.generated:
            if g.token == tok.eot_id:
                pieces.append(tok.display(g.token) + "\n")  # "[end of text]", as the bars and chips say
                decoder.reset()
            else:
                pieces.append(decoder.decode(tok.token_bytes(g.token)))
        return pieces

    @staticmethod
    def _token_html(piece: str, probability: float, chosen: bool) -> str:
        # A new line written by the model gets a visible mark, and its number stays on the line it ends.
        # The token is isolated so that a right-to-left word cannot carry its number to its other side.
        body = piece.rstrip("\n")
        breaks = len(piece) - len(body)
        kind = sureness(probability)
        style = f"background:{TINTS[kind]};color:{INK};text-underline-style:{LINES[kind]}" \
            + (";font-weight:bold" if chosen else "")
        return (f"<span style='{style}'>{isolate(visible(body))}{'⏎' * breaks}</span>"
                # not <sup>: Qt shrinks a superscript by a third again, too small to read from the back of a room
                f"<span style='color:{themes.css('muted')};font-size:medium'>&#8202;"
                f"{html.escape(percent(probability))}</span>&#8201;" + "<br>" * breaks)

    def _sync(self) -> None:
        ex = self._ex
        prompt = ex.prompt
        parts = ["<p dir='ltr' style='font-size:large'>"]
        if len(prompt) > PROMPT_TAIL_CHARS:
            parts.append(f"<span style='color:{themes.css('muted')}'>[… {len(prompt) - PROMPT_TAIL_CHARS:,} "
                         "earlier characters]</span> ")
        parts.append(f"<span style='color:{themes.css('soft')}'>{isolate(visible(prompt[-PROMPT_TAIL_CHARS:]))}</span>")
        self.pieces = self.generated_pieces()
        parts += [self._token_html(piece, g.probability, g.how == "chosen") for piece, g in zip(self.pieces, ex.generated)]
        parts.append("</p>")
        self.browser.setHtml("".join(parts))
        self.scroll_to_end()
