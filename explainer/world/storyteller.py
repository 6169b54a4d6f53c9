"""The storyteller: what every plot skeleton shares.

A plot is a short function that writes beats through a `Teller`. The teller
picks among phrasings, capitalises sentences, turns speech into dialogue or
plain narration, opens the story in one of many ways and closes it with an
optional moral. This follows the template-and-slot style of the TinyStories
data set (Eldan and Li, 2023): a small grammar of events, filled from a fixed
cast so each story stays true to the world's facts.
"""

from __future__ import annotations

import random

from .cast import ANIMALS, Animal, Character, Child, character, owner_of, place
from .grammar import a, cap_sentences, number_word, quote

FEATURES = ("dialogue", "twist", "sad_ending", "moral")

GROWN_UPS = (("Mum", "she"), ("Dad", "he"), ("Grandma", "she"), ("Grandpa", "he"))

# Places where children play, with spots where things hide and what children do there.
SPOTS = {
    "park": ("under the slide", "behind the swings", "under a bench", "near the gate"),
    "garden": ("behind the shed", "in the flower bed", "under a big pot", "under the roses"),
    "beach": ("behind a rock", "in the sand", "near the water", "in a little pool"),
    "meadow": ("in the tall grass", "under a tree", "behind a log", "near the fence"),
    "hill": ("behind the windmill", "under a tree", "behind a big rock", "in the grass"),
    "forest": ("under a log", "behind a tree", "in a pile of leaves", "near a big rock"),
}
PLAY_PLACES = tuple(SPOTS)
ACTIVITIES = {
    "park": ("played on the swings", "went down the slide again and again", "played catch"),
    "garden": ("smelled the flowers", "played hide and seek", "looked for snails"),
    "beach": ("built a big sand castle", "looked for shells", "splashed in the waves"),
    "meadow": ("picked yellow flowers", "rolled in the grass", "chased butterflies"),
    "hill": ("rolled down the hill", "looked at the clouds", "raced to the windmill"),
    "forest": ("climbed over logs", "listened to the birds", "looked for nuts"),
    "river": ("threw sticks in the water", "watched the little fish", "sat on the bank"),
    "lake": ("walked over the wooden bridge", "skipped stones on the water", "had a picnic"),
    "market": ("looked at the fresh fruit", "bought some bread", "talked to the people"),
    "library": ("read a book about the sea", "looked at the pictures", "sat very quietly"),
    "cave": ("shouted hello and heard the echo", "looked at the wet rocks", "held hands in the dark"),
    "pond": ("looked at the tall reeds", "watched the frogs", "threw bread to the ducks"),
}


class Teller:
    """Collects the paragraphs of one story and knows which features it carries."""

    def __init__(self, rng: random.Random, features: tuple[str, ...]):
        self.rng = rng
        self.features = set(features)
        self.used: set[str] = set()   # features the plot really wrote
        self.told: set[str] = set()   # facts about the main character already told
        self.paragraphs: list[list[str]] = [[]]

    def has(self, feature: str) -> bool:
        """Whether to write `feature`; asking marks it as written."""
        if feature in self.features:
            self.used.add(feature)
            return True
        return False

    def pick(self, *options):
        return self.rng.choice(options)

    def say(self, *options: str) -> None:
        """Add one sentence (or a few), chosen among the options."""
        self.paragraphs[-1].append(cap_sentences(self.rng.choice(options)))

    def para(self) -> None:
        if self.paragraphs[-1]:
            self.paragraphs.append([])

    def speak(self, who: str, words: str, indirect: str, verb: str = "said") -> None:
        """Speech as a quote when the story has dialogue, else as narration."""
        if self.has("dialogue"):
            self.paragraphs[-1].append(cap_sentences(quote(words, who, verb, self.rng.random() < 0.3)))
        else:
            self.say(indirect)

    def text(self) -> str:
        return "\n\n".join(" ".join(p) for p in self.paragraphs if p)

    # Openings and endings shared by every plot.

    def open(self, main: Character, skip: tuple[str, ...] = ()) -> None:
        """Introduce the main character in one of many ways, then tell one or two facts.

        `skip` names facts the plot itself tells soon after ("pet", "food", ...),
        so the opening does not say them twice.
        """
        home = place(main.home)
        who = describe(main, self.rng)
        options = [
            f"Once upon a time, there was {who}.",
            f"Once upon a time, {home.at}, there lived {who}.",
            f"Long ago, {home.at}, there lived {who}.",
            f"There was once {who} who lived {home.at}.",
            f"Not so long ago, {who} lived {home.at}.",
            f"It was a sunny morning {home.at}. {main.name} woke up early.",
            f"Every morning, {main.name} woke up with a big smile.",
            f"{main.name} lived {home.at}.",
        ]
        if isinstance(main, Child):
            options.append(f"{main.name} was {a(number_word(main.age))}-year-old {main.kind} who lived {home.at}.")
            options.append(f"In a little house {home.at}, there lived {who}.")
        opening = self.rng.choice(options)
        self.say(opening)
        self.told.update(skip)
        if "year-old" in opening:
            self.told.add("age")
        if isinstance(main, Animal) and f"{main.colour} {main.kind}" in opening:
            self.told.add("colour")
        lines = [(key, line) for key, line in fact_lines(main).items() if key not in self.told]
        for key, line in self.rng.sample(lines, min(len(lines), self.rng.choice((1, 2)))):
            self.told.add(key)
            self.say(line)

    def moral(self, main: Character, *lessons: str) -> None:
        """End with a moral when the story carries one; `lessons` are that-clauses."""
        if self.has("moral"):
            lesson = self.rng.choice(lessons)
            self.para()
            # The classic wording is listed twice so half of all morals use it.
            self.say(
                f"The moral of the story is that {lesson}.",
                f"The moral of the story is that {lesson}.",
                f"This story teaches us that {lesson}.",
                f"And so {main.name} learned that {lesson}.",
            )
        elif self.rng.random() < 0.25:
            self.say("The end.")


def describe(c: Character, rng: random.Random) -> str:
    """A first mention: "a little girl named Mia", "a black cat called Tom"."""
    named = rng.choice(("named", "called"))
    if isinstance(c, Child):
        return rng.choice((f"a little {c.kind} {named} {c.name}", f"a {c.kind} {named} {c.name}"))
    return rng.choice((f"{a(c.colour)} {c.kind} {named} {c.name}", f"a little {c.kind} {named} {c.name}"))


def called(c: Character) -> str:
    """A later mention that still says who: "Tom the cat", or a child's name."""
    return f"{c.name} the {c.kind}" if isinstance(c, Animal) else c.name


def fact_lines(c: Character) -> dict[str, str]:
    """Past-tense sentences that tell a character's facts inside a story, by fact."""
    if isinstance(c, Child):
        pet = character(c.pet)
        return {
            "age": f"{c.he} was {number_word(c.age)} years old.",
            "colour": f"{c.his} favourite colour was {c.favourite_colour}.",
            "food": f"{c.he} loved to eat {c.food} more than anything.",
            "pet": f"{c.he} had {a(pet.kind)} named {pet.name}.",
            "friend": f"{c.his} best friend was {c.friend}.",
        }
    lines = {
        "food": f"{c.he} loved to eat {c.food}.",
        "colour": f"{c.he} was {a(c.colour)} {c.kind}.",
        "sound": f"When {c.he} was happy, {c.he} said {c.sound}.",
    }
    owner = owner_of(c)
    if owner:
        lines["pet"] = f"{c.he} lived with {owner.name}, who loved {c.him} very much."
    return lines


def grown_up(rng: random.Random) -> tuple[str, str]:
    """A parent or grandparent and the pronoun that goes with them."""
    return rng.choice(GROWN_UPS)


def pick_other(rng: random.Random, pool, *exclude: str):
    """A kind character from `pool` whose name is not in `exclude`."""
    return rng.choice([c for c in pool if c.name not in exclude and not c.unkind])


def companion(rng: random.Random, main: Character) -> Character:
    """Who comes along: a child's best friend or pet, an animal's owner or a friend."""
    if isinstance(main, Child):
        return character(rng.choice((main.friend, main.pet)))
    owner = owner_of(main)
    if owner and rng.random() < 0.5:
        return owner
    return pick_other(rng, ANIMALS, main.name)
