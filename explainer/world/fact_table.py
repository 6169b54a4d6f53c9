"""The tiny world's fixed facts as a table: every fact of the cast (cast.py) as a
(subject, relation, value) triple, in the spirit of a knowledge-base table. `facts()` lists
them, `fact_lookup()` reads one; a story, a fact page, a chat or a model's answer can be
checked against them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .cast import ANIMALS, CHILDREN, FOODS, PLACES, THINGS, owner_of


@dataclass(frozen=True)
class Fact:
    subject: str
    relation: str
    value: str


@cache
def _all_facts() -> tuple[Fact, ...]:
    out: list[Fact] = []
    for c in CHILDREN:
        for relation, value in (
            ("kind", c.kind), ("age", str(c.age)), ("favourite_colour", c.favourite_colour),
            ("favourite_food", c.food), ("pet", c.pet), ("home", c.home),
            ("best_friend", c.friend), ("nature", "unkind" if c.unkind else "kind"),
        ):
            out.append(Fact(c.name, relation, value))
    for an in ANIMALS:
        owner = owner_of(an)
        for relation, value in (
            ("kind", an.kind), ("sound", an.sound), ("colour", an.colour),
            ("favourite_food", an.food), ("home", an.home),
            ("owner", owner.name if owner else ""), ("nature", "unkind" if an.unkind else "kind"),
        ):
            if value:
                out.append(Fact(an.name, relation, value))
    for t in THINGS:
        out += [Fact(t.name, "colour", t.colour), Fact(t.name, "owner", t.owner)]
    for p in PLACES:
        out.append(Fact(p.name, "has", p.has))
    for f in FOODS:
        out.append(Fact(f.name, "group", f.group))
        if f.colour:
            out.append(Fact(f.name, "colour", f.colour))
    return tuple(out)


@cache
def _fact_table() -> dict[tuple[str, str], str]:
    return {(f.subject, f.relation): f.value for f in _all_facts()}


def facts() -> list[Fact]:
    """Every fact of the world, grouped by subject: children, animals, toys, places, foods."""
    return list(_all_facts())


def fact_lookup(subject: str, relation: str) -> str:
    """The value of one fact, e.g. fact_lookup("Mia", "favourite_food") == "apples".

    Raises KeyError for a fact the world does not have.
    """
    return _fact_table()[(subject, relation)]
