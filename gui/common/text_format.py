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


def amount(n: float, words: bool = False) -> str:
    """A count as a room reads it: 950, 41 k, 1.2 M, 24.6 M, 3.1 billion (`words`: 1.2 million, 41 thousand)."""
    n = float(n)
    units = ((1e12, " trillion"), (1e9, " billion"), (1e6, " million" if words else " M"),
             (1e3, " thousand" if words else " k"))
    if abs(n) >= 1e15:
        return power_of_ten(n)
    for size, unit in units:
        if abs(n) >= size:
            value = n / size
            return f"{value:.1f}{unit}" if value < 100 else f"{value:,.0f}{unit}"
    return f"{n:,.0f}"


def duration(seconds: float) -> str:
    """A time left or taken: 45 s, 2 min 05 s, 1 h 12 min."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, s = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {s:02d} s"
    hours, m = divmod(minutes, 60)
    return f"{hours} h {m:02d} min"


def power_of_ten(x: float) -> str:
    """A huge number as a power of ten a briefing can say: 3.1 × 10²³."""
    import math
    if x <= 0:
        return "0"
    exponent = math.floor(math.log10(x))
    mantissa = x / 10 ** exponent
    superscript = str(exponent).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return f"{mantissa:.1f} × 10{superscript}"
