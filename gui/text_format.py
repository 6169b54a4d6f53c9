"""How numbers and tokens are written on screen, the same way in every view.

`percent` never shows a misleading 0% or 100%. `isolate` keeps a token written in a
right-to-left script (Hebrew, Arabic) from flipping the numbers beside it: the Unicode
bidirectional algorithm would otherwise treat "שלום 12%" as one right-to-left run and
draw the percentage on the token's left. The isolate marks (FSI ... PDI, Unicode 6.3)
fence the token off, and a left-to-right mark outside them fixes the direction of the
line; Qt honours both. Text with no right-to-left letter is returned unchanged.
"""
from __future__ import annotations

import html
import unicodedata
from functools import lru_cache

LRM, FSI, PDI = "\u200e", "\u2068", "\u2069"
_RTL_CLASSES = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI"})


def percent(p: float) -> str:
    """A probability as a person reads it: whole percents, but never a misleading 0% or 100%."""
    if p < 0.01:
        return "<1%"
    if 0.99 < p < 1:
        return ">99%"
    return f"{p:.0%}"


@lru_cache(maxsize=8192)
def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in _RTL_CLASSES for c in text)


def isolate(text: str) -> str:
    """`text` fenced off for the bidirectional algorithm when it holds right-to-left letters."""
    return f"{LRM}{FSI}{text}{PDI}{LRM}" if has_rtl(text) else text


def visible(text: str) -> str:
    """HTML for text that may hold control characters: they are shown as codes, never acted on."""
    shown = "".join(c if c.isprintable() or c in "\n\t" else f"\\x{ord(c):02x}" for c in text)
    return html.escape(shown).replace("\n", "<br>")
