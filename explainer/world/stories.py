"""Stories: the plot skeletons, who may star in each, and the held-out pairs.

A story is one plot skeleton told about one main character with a random set
of features. To measure whether a model generalises rather than memorises,
some (main character, plot) pairs are held out: for every plot a fixed few of
its possible main characters are reserved for the test split and never star
in that plot in training or validation text (the "systematic generalisation"
split of benchmarks such as SCAN, Lake and Baroni 2018).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from typing import Callable

from . import plots_care, plots_play, plots_trouble
from .cast import ANIMALS, CHILDREN, Character, character, owner_of
from .document import Document, entities_in
from .grammar import words
from .storyteller import FEATURES, Teller

# How often each feature is drawn; a story may carry any mix of them.
FEATURE_ODDS = {"dialogue": 0.55, "twist": 0.3, "sad_ending": 0.2, "moral": 0.35}
MIN_WORDS, MAX_WORDS = 80, 300
HELD_OUT_SHARE = 0.15   # of each plot's possible main characters

KIND_CHILDREN = tuple(c.name for c in CHILDREN if not c.unkind)
KIND_ANIMALS = tuple(c.name for c in ANIMALS if not c.unkind)
KIND_PETS = tuple(c.name for c in ANIMALS if owner_of(c) and not c.unkind)


@dataclass(frozen=True)
class Plot:
    name: str
    write: Callable[[Teller, Character], None]
    mains: tuple[str, ...]        # who may be the main character


PLOTS = (
    Plot("lost_toy", plots_play.lost_toy, KIND_CHILDREN),
    Plot("new_friend", plots_play.new_friend, KIND_CHILDREN + KIND_ANIMALS),
    Plot("sharing", plots_play.sharing, KIND_CHILDREN + KIND_ANIMALS),
    Plot("trip", plots_play.trip, KIND_CHILDREN),
    Plot("race", plots_play.race, KIND_CHILDREN + KIND_ANIMALS),
    Plot("helping_animal", plots_care.helping_animal, KIND_CHILDREN),
    Plot("lost_pet", plots_care.lost_pet, KIND_CHILDREN),
    Plot("planting", plots_care.planting, KIND_CHILDREN),
    Plot("birthday", plots_care.birthday, KIND_CHILDREN),
    Plot("learning", plots_care.learning, KIND_CHILDREN),
    Plot("storm", plots_trouble.storm, KIND_CHILDREN + KIND_ANIMALS),
    # A quarrel needs a best friend who makes up, so not Bruno's.
    Plot("quarrel", plots_trouble.quarrel, tuple(n for n in KIND_CHILDREN if character(n).friend != "Bruno")),
    Plot("bully", plots_trouble.bully, KIND_CHILDREN + KIND_ANIMALS),
    Plot("night_noise", plots_trouble.night_noise, KIND_CHILDREN + KIND_PETS),
)
PLOT_NAMES = tuple(p.name for p in PLOTS)
_BY_NAME = {p.name: p for p in PLOTS}


@cache
def held_out(plot: str) -> tuple[str, ...]:
    """The main characters reserved for the test split in `plot`; fixed for every seed."""
    mains = _BY_NAME[plot].mains
    # A string seed is hashed with SHA-512 by `random`, so this is stable across runs.
    k = max(1, round(len(mains) * HELD_OUT_SHARE))
    return tuple(sorted(random.Random(f"held-out:{plot}").sample(mains, k)))


def allowed_mains(plot: str, split: str) -> tuple[str, ...]:
    """Who may star in `plot` in a document of `split`."""
    reserved = held_out(plot)
    if split == "test":
        return reserved
    return tuple(n for n in _BY_NAME[plot].mains if n not in reserved)


def make_story(rng: random.Random, split: str = "train", plot: str | None = None,
               main: str | None = None) -> Document:
    """One story for `split`, with a random plot and main character unless given.

    A (main, plot) pair that `split` may not use raises ValueError. The story
    is drawn again until it has between MIN_WORDS and MAX_WORDS words.
    """
    if plot is None:
        options = [p for p in PLOT_NAMES if main is None or main in allowed_mains(p, split)]
        plot = rng.choice(options)
    mains = allowed_mains(plot, split)
    if main is None:
        main = rng.choice(mains)
    elif main not in mains:
        raise ValueError(f"{main} may not star in {plot} in the {split} split")
    while True:
        features = tuple(f for f in FEATURES if rng.random() < FEATURE_ODDS[f])
        teller = Teller(rng, features)
        _BY_NAME[plot].write(teller, character(main))
        text = teller.text()
        if MIN_WORDS <= len(words(text)) <= MAX_WORDS:
            break
    # Metadata lists what the text really holds, in the canonical order.
    written = tuple(f for f in FEATURES if f in teller.used)
    return Document(text, "story", entities_in(text, main), plot, written, "n/a", split)
