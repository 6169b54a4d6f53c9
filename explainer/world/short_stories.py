"""Short stories, a few sentences long, for when someone asks the assistant for a story.

A chat answer must fit the model's context window (128 tokens) with the question before it,
so these are four to six sentences, not the 80 to 300 words of the corpus's stories: who
the main character is (true to the world's facts), where they live, one small event at a
place of the world, and a happy or a thoughtful ending.
"""

from __future__ import annotations

import random

from .cast import CHILDREN, Animal, Character, Child, character, place
from .grammar import a, cap_sentences
from .storyteller import ACTIVITIES

OPENINGS = (
    "Once upon a time, there was {a_kind} called {name} who lived {at}.",
    "{name} was {a_kind} who lived {at}.",
    "There was once {a_kind} named {name}. {He} lived {at}.",
)
LIKES = (
    "{He} loved {food} more than anything.",
    "{His} favourite food was {food}.",
)
EVENTS = (
    "One sunny day, {name} went to the {spot} and {did}.",
    "One morning, {name} and {friend} went to the {spot}. They {did}.",
    "One day, {name} went to the {spot}. There {he} {did}.",
)
ENDINGS = (
    "When the sun went down, {name} went home, tired and happy. The end.",
    "It was the best day ever. The end.",
    "{name} smiled all the way home. The end.",
    "That night, {name} dreamed about the {spot}. The end.",
)


def _friend(c: Character) -> str:
    if isinstance(c, Child):
        return c.friend
    owner = next((child.name for child in CHILDREN if child.pet == c.name), None)
    return owner or "a little bird"


def short_story(rng: random.Random, main: str) -> str:
    """Four to six sentences about `main` (a child or an animal of the world), all true to its facts."""
    c = character(main)
    spot = rng.choice(sorted(ACTIVITIES))
    kind = c.kind if isinstance(c, (Child, Animal)) else "friend"
    if isinstance(c, Child):
        kind = rng.choice((kind, f"little {kind}"))
    fields = {"name": c.name, "a_kind": a(kind), "at": place(c.home).at, "He": c.he.capitalize(), "he": c.he,
              "His": c.his.capitalize(), "food": c.food, "spot": spot, "did": rng.choice(ACTIVITIES[spot]),
              "friend": _friend(c)}
    parts = [rng.choice(OPENINGS), rng.choice(LIKES), rng.choice(EVENTS)]
    if isinstance(c, Animal) and rng.random() < 0.5:
        parts.append(f'"{c.sound.capitalize()}!" said {c.name}.')
    parts.append(rng.choice(ENDINGS))
    return cap_sentences(" ".join(parts).format(**fields))
