"""What a person types: the errors a prompt can meet, and mending text from a broken copy."""
from __future__ import annotations


class PromptError(ValueError):
    """A prompt that cannot be continued, with a message for the person who typed it."""


class TextEnded(PromptError):
    """The model has ended the text (or its chat turn); Back removes the ending."""


def mend_surrogates(text: str) -> tuple[str, int]:
    """Lone surrogates (half of a character, from a broken copy) become U+FFFD; how many there were."""
    broken = sum(1 for c in text if "\ud800" <= c <= "\udfff")
    if broken:
        text = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    return text, broken
