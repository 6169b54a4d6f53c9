"""Explanation: one text of the side panel (a title, the idea in one picture, how to read the view).

Every page keeps its own texts as data beside its widgets (gui/<page>/texts.py), so that a reviewer
can read and edit them as prose. Each text is light HTML (paragraphs and bold only) so the panel can
show it as is.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Explanation:
    title: str
    body: str  # light HTML: the idea, in one picture
    reading: str = ""  # light HTML: how to read the view; a view's own EXPLANATION replaces it


LOADING = Explanation(
    "Welcome",
    "<p>This window lets you watch a small language model, a little cousin of the chat "
    "assistants you know, think one token at a time. It was trained on simple children's "
    "stories and chats, so it writes like a young storyteller.</p>"
    "<p>Press <b>F1</b> at any time for the keyboard shortcuts.</p>",
)
