"""One generated document and the labels its metadata may carry.

A `Document` is what every generator returns (story, fact page, chat), so the
corpus, the command line and later stages (fine-tuning, reward model) read
one shape. Labels are plain strings, kept here so a typo fails in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .cast import CHARACTERS

GENRES = ("story", "facts", "chat")
QUALITIES = ("helpful", "off_topic", "unkind", "harmful", "made_up")
SPLITS = ("train", "val", "test")
END_OF_TEXT = "<|endoftext|>"


@dataclass(frozen=True)
class Document:
    text: str                     # no trailing whitespace; never contains END_OF_TEXT
    genre: str                    # "story" | "facts" | "chat"
    entities: tuple[str, ...]     # names of the cast members in it, main character first
    plot: str                     # story skeleton name; "" for facts and chats
    features: tuple[str, ...]     # e.g. ("dialogue", "moral")
    quality: str                  # chats: one of QUALITIES; others: "n/a"
    split: str                    # "train" | "val" | "test"


@cache
def _name_pattern() -> re.Pattern:
    return re.compile(r"\b(" + "|".join(c.name for c in CHARACTERS) + r")\b")


def entities_in(text: str, first: str) -> tuple[str, ...]:
    """`first`, then every cast member named in `text`, in order of first mention.

    Reading the names off the text (rather than off the plot's own list) keeps
    the metadata true to what the reader sees, pets and passers-by included.
    """
    seen = dict.fromkeys([first] + _name_pattern().findall(text))
    return tuple(seen)
