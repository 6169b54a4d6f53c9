"""Fact pages: short documents that state every fact about one entity.

Each fact can be said in several ways ("Mia likes apples." / "The favourite
food of Mia is apples." / "Apples are what Mia likes to eat best."), chosen at
random, so a model learns the fact and not one sentence. Knowledge that must
survive paraphrase is what Allen-Zhu and Li ("Physics of Language Models,
Part 3.1", 2023) found a model needs to extract facts, rather than recite them.
`say_fact` is also how chats state a fact in a helpful answer.
"""

from __future__ import annotations

import random

from .cast import ANIMALS, CHILDREN, FOODS, PLACES, THINGS, Child, category, character, food, place, thing
from .document import Document, entities_in
from .fact_table import Fact, facts
from .grammar import a, cap_sentences, number_word

# Paraphrases, by relation. Fields: {S} the subject as a sentence subject,
# {Ss} its possessive, {O} the subject after a preposition, {V} the value.
# Templates that use {O} never take a pronoun ("the pet of her" reads badly).
PARAPHRASES = {
    "kind": ("{S} is {aV}.", "{S} is a little {V}."),
    "age": ("{S} is {V} years old.", "{S} is {V}.", "{Ss} age is {V}."),
    "favourite_colour": ("{Ss} favourite colour is {V}.", "{S} likes the colour {V} best.",
                         "The favourite colour of {O} is {V}.", "{V} is the colour that {S} likes best."),
    "favourite_food": ("{S} likes {V}.", "{Ss} favourite food is {V}.", "The favourite food of {O} is {V}.",
                       "{V} {are} what {S} likes to {eat} best.", "{S} loves to {eat} {V}."),
    "pet": ("{S} has a pet {petkind} named {V}.", "{Ss} pet is {V} the {petkind}.",
            "{V} the {petkind} is {Ss} pet.", "{S} has {apetkind}. The {petkind} is called {V}."),
    "home": ("{S} lives {at}.", "{Ss} home is {at}."),
    "best_friend": ("{Ss} best friend is {V}.", "The best friend of {O} is {V}.",
                    "{S} and {V} are best friends.", "{V} is {Ss} best friend."),
    "nature": ("{S} is {V} to others.", "{S} is {aV} {kindword}."),
    "sound": ("{S} says {V}.", "{S} goes {V}.", "When {S} talks, {it} says {V}.", "The sound that {O} makes is {V}."),
    "colour": ("{S} {is} {V}.", "The colour of {O} is {V}."),
    "owner": ("{S} belongs to {V}.", "{S} is {V}'s{own}.", "{V} is the owner of {O}."),
    "has": ("{S} has {V}.", "There {vis} {V} {at}.", "You can find {V} {at}.", "{at}, you can see {V}."),
    "group": ("{S} {is} {V}.", "We call {O} {V}."),
}


def _fields(f: Fact, pronoun: bool) -> dict[str, str]:
    """The words that fill a paraphrase of `f`."""
    fields = {"V": f.value, "aV": a(f.value), "is": "is", "are": "is"}
    subject = f.subject
    if category(subject) == "character":
        c = character(subject)
        fields.update(S=c.he if pronoun else c.name, Ss=c.his if pronoun else f"{c.name}'s",
                      O=c.name, it=c.he, at=place(c.home).at, kindword=c.kind, own=" pet")
        if f.relation == "age":
            fields["V"] = number_word(int(f.value))
        if f.relation == "pet":
            pet = character(f.value)
            fields.update(petkind=pet.kind, apetkind=a(pet.kind))
    elif category(subject) == "thing":
        fields.update(S="it" if pronoun else f"the {subject}", O=f"the {subject}", Ss="its", own="")
    elif category(subject) == "place":
        p = place(subject)
        fields.update(S=f"the {subject}", O=f"the {subject}", at=p.at, vis="are" if p.has_plural else "is")
    else:
        fd = food(subject)
        fields.update(S=subject, O=subject, **{"is": fd.are})
    if f.relation == "favourite_food":
        liked = food(f.value)
        fields.update(are=liked.are, eat="drink" if liked.group == "a drink" else "eat")
    return fields


def say_fact(rng: random.Random, f: Fact, pronoun: bool = False) -> str:
    """One present-tense sentence that states `f`, in a random paraphrase.

    With `pronoun`, the subject is "she", "he" or "it" where the phrasing allows.
    """
    options = PARAPHRASES[f.relation]
    if pronoun:
        options = [o for o in options if "{O}" not in o] or options
    return cap_sentences(rng.choice(options).format(**_fields(f, pronoun)))


def _extras(subject: str) -> list[Fact]:
    """Facts about others that belong on this page: who lives here, who likes this
    food, who owns this toy. A place nobody lives at gets its one fact again, in
    other words, so no page is a single sentence."""
    if category(subject) == "place":
        residents = [f for f in facts() if f.relation == "home" and f.value == subject]
        return residents or [Fact(subject, "has", place(subject).has)]
    if category(subject) == "food":
        return [f for f in facts() if f.relation == "favourite_food" and f.value == subject]
    if category(subject) == "thing":
        owner = thing(subject).owner
        return [f for f in facts() if f.subject == owner and f.relation in ("age", "home")]
    c = character(subject)
    if isinstance(c, Child):
        return [Fact(c.pet, "sound", character(c.pet).sound)]
    return []


def _title(rng: random.Random, subject: str) -> str:
    if category(subject) == "character":
        return rng.choice((f"All about {subject}", f"Meet {subject}", f"Facts about {subject}", subject))
    if category(subject) == "food":
        return rng.choice((f"All about {subject}", f"Facts about {subject}", subject.capitalize()))
    return rng.choice((f"All about the {subject}", f"Facts about the {subject}", f"The {subject}"))


def make_fact_page(rng: random.Random, subject: str | None = None, split: str = "train") -> Document:
    """A page stating every fact about `subject` (random if None), plus a few related facts."""
    if subject is None:
        # Characters have the most facts, so they get most of the pages.
        group = rng.choices((CHILDREN + ANIMALS, THINGS, PLACES, FOODS), weights=(6, 1.5, 1, 1.5))[0]
        subject = rng.choice(group).name
    own = [f for f in facts() if f.subject == subject]
    # The kind of thing comes first, as a reader would expect; the rest in any order.
    head, rest = own[:1], own[1:]
    rng.shuffle(rest)
    sentences = []
    for i, f in enumerate(head + rest):
        sentences.append(say_fact(rng, f, pronoun=i > 0 and rng.random() < 0.4))
    extras = [say_fact(rng, f) for f in _extras(subject)]
    body = " ".join(sentences)
    if extras:
        body += "\n\n" + " ".join(extras)
    text = _title(rng, subject) + "\n\n" + body
    return Document(text, "facts", entities_in(text, subject), "", (), "n/a", split)
