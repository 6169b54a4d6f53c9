"""Every word the tiny-world generator can write, for measuring tokenizer coverage.

The generator builds all text from string literals in its own modules and from
the cast's names and facts, so the vocabulary is read from those sources
rather than from a sample: the words of every literal (with template slots
taken out), the words of every cast string, and the forms the generator makes
from cast strings (a capital at the start of a sentence, "Mia's"). Literals
that are metadata labels ("off_topic", "sad_ending") are left out. The result
is a tight superset of what any corpus holds; the tests check that no
generated document has a word outside it.
"""

from __future__ import annotations

import ast
import inspect
import re
from functools import cache

from . import (
    cast,
    chats,
    fact_table,
    facts_pages,
    grammar,
    plots_care,
    plots_play,
    plots_trouble,
    questions,
    requests,
    short_stories,
    stories,
    storyteller,
)
from .document import GENRES, QUALITIES, SPLITS
from .fact_table import facts
from .grammar import cap, words

# Modules whose literals can reach a document's text. `grammar` is not one:
# its literals are patterns, and its words ("a", "an", "and", number words)
# are added with the cast's strings.
TEXT_MODULES = (cast, chats, fact_table, facts_pages, plots_care, plots_play, plots_trouble,
                questions, requests, short_stories, stories, storyteller)
# A slot, with the "'s" that may follow it ("{name}'s toy"): both go.
_SLOT = re.compile(r"\{[^{}]*\}(?:'s\b)?")


def _code_nodes(tree: ast.AST) -> set[int]:
    """Literals that are code, not text: docstrings, dict keys, subscripts, error messages."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
        elif isinstance(node, ast.Dict):
            ids.update(id(k) for k in node.keys if k is not None)
        elif isinstance(node, ast.Subscript):
            ids.add(id(node.slice))
        elif isinstance(node, ast.Raise):
            ids.update(id(n) for n in ast.walk(node))
    return ids


@cache
def _labels() -> frozenset[str]:
    """Whole literals that name things in metadata, never text a reader sees."""
    return frozenset(GENRES + QUALITIES + SPLITS + storyteller.FEATURES + stories.PLOT_NAMES
                     + tuple(f.relation for f in facts()) + ("advice", "story", "harm", "n/a", "rude", "unknown")
                     + tuple(f"task:{t}" for t in requests.TASKS) + requests.TASKS)


def _is_label(s: str) -> bool:
    return "_" in s or s in _labels()


def _literal_words(module) -> set[str]:
    tree = ast.parse(inspect.getsource(module))
    skip = _code_nodes(tree)
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if _is_label(node.value):
                continue
            # An f-string part after a slot ("'s toy" in f"{name}'s toy") starts mid-word.
            text = re.sub(r"^'s\b", "", _SLOT.sub(" ", node.value))
            out.update(words(text))
    return out


def _cast_strings() -> tuple[list[str], list[str]]:
    """Cast strings used as written, and those that may also start a sentence."""
    inner = ["a", "an", "and"] + [grammar.number_word(c.age) for c in cast.CHILDREN]
    starts = list(cast.COLOURS)
    for c in cast.CHARACTERS:
        inner += [c.food, c.him, c.himself, c.kind]
        starts += [c.name, f"{c.name}'s", c.he, c.his]
        if isinstance(c, cast.Animal):
            starts += [c.sound, c.colour]
    for t in cast.THINGS:
        inner += [t.name, t.colour]
    for p in cast.PLACES:
        inner += [p.name, p.has]
        starts.append(p.at)
    for f in cast.FOODS:
        inner += [f.one, f.portion, f.group, f.were, f.them]
        starts += [f.name, f.are]
    starts += [said for _, said in requests.UNKNOWN_TOPICS]  # an invented answer starts with the topic
    starts += list(grammar.NUMBER_WORDS.values())  # counting: "One, two, three."
    return inner, starts


@cache
def _vocabulary() -> frozenset[str]:
    vocab: set[str] = set()
    for module in TEXT_MODULES:
        vocab |= _literal_words(module)
    inner, starts = _cast_strings()
    for s in inner + starts:
        vocab.update(words(s))
    for s in starts:
        vocab.update(words(cap(s)))
    return frozenset(vocab)


def world_vocabulary() -> set[str]:
    """Every distinct word the generator can produce, with the case it is written in."""
    return set(_vocabulary())
