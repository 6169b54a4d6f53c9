"""Small English helpers shared by every text generator of the tiny world.

The generator writes text from templates, so the few grammar rules that
templates cannot carry alone live here: "a" or "an", a capital letter at the
start of a sentence, "a, b and c", number words, and verb agreement with
plural or mass nouns. The word pattern is the one `world_vocabulary()` and the
tests use to cut text into words.
"""

from __future__ import annotations

import re

# A word is a run of letters, with inner apostrophes kept ("Mia's", "don't"),
# so possessives and contractions count as the words a reader sees.
WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")

NUMBER_WORDS = {
    1: "one", 2: "two", 3: "three", 4: "four", 5: "five",
    6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten",
}


def words(text: str) -> list[str]:
    """The words of a text, in order, case kept."""
    return WORD.findall(text)


def a(phrase: str) -> str:
    """The phrase with "a" or "an" before it ("an orange kite")."""
    # Every noun in the world that starts with a vowel letter also starts with
    # a vowel sound (no "unicorn" or "hour"), so the letter is enough.
    article = "an" if phrase[:1].lower() in "aeiou" else "a"
    return f"{article} {phrase}"


def cap(text: str) -> str:
    """The text with its first letter made upper case, even after a quote mark."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:]
    return text


def cap_sentences(text: str) -> str:
    """Capitalise the first letter of the text and of every sentence inside it.

    Only a letter after ". ", "! " or "? " counts as a sentence start, so the
    word after a closing quote ('"Hello!" said Mia') keeps its small letter.
    """
    return re.sub(r"(^|[.!?] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), cap(text))


def join_and(items: list[str] | tuple[str, ...]) -> str:
    """ "Mia", "Mia and Sam", "Mia, Sam and Leo". """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def number_word(n: int) -> str:
    """Ages and counts are written in words, as in a picture book."""
    return NUMBER_WORDS[n]


def quote(words_said: str, speaker: str, verb: str, before: bool) -> str:
    """A line of dialogue: '"Hello," said Mia.' or 'Mia said, "Hello."'.

    `words_said` is a whole sentence with its own end mark; when the speaker
    comes after the quote a final full stop turns into a comma, as in print.
    """
    words_said = cap(words_said)
    if before:
        return f'{speaker} {verb}, "{words_said}"'
    if words_said.endswith("."):
        words_said = words_said[:-1] + ","
    return f'"{words_said}" {verb} {speaker}.'
