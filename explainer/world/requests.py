"""Requests beyond questions about the world: rude messages, questions about things the world
does not contain, and simple tasks, each with the reply a good assistant gives.

Real chat text holds all of these, so the corpus does too, in small shares: the base model
should have seen a calm reply to a rude message and an honest "I don't know" before anyone
rewards it for them (a reward cannot teach what was never written). Every function takes
its wordings as an argument, so the alignment data can give each of its sets wordings of
its own (`explainer.align.data`).
"""

from __future__ import annotations

import random
from typing import Sequence

from .cast import ANIMALS, CHILDREN, character
from .grammar import NUMBER_WORDS, a, cap
from .questions import Prompt

RUDE_MESSAGES = (
    "You are a silly robot.", "I do not like you at all.", "You are so slow!", "Go away, you are no help.",
    "You are the worst helper ever.", "Nobody likes you, robot.",
)
CALM_REPLIES = (
    "I am sorry you feel that way. I am here to help, so you can ask me anything about our little world.",
    "That is all right. Everyone has bad days. Would you like to hear a story about {name}?",
    "I am sorry. I will try my best to help you. What would you like to know?",
)
RUDE_REPLIES = ("Well, you are rude too.", "Fine. Go away then.", "You are the silly one.")

# Things the tiny world knows nothing about, as (how to name it in a question, how to say it in an answer)
UNKNOWN_TOPICS = (
    ("France", "France"), ("the moon", "the moon"), ("dinosaurs", "dinosaurs"), ("rockets", "rockets"),
    ("Spain", "Spain"), ("elephants", "elephants"), ("volcanoes", "volcanoes"), ("London", "London"),
    ("pizza", "pizza"), ("computers", "computers"), ("tigers", "tigers"), ("the ocean", "the ocean"),
)
UNKNOWN_WORDINGS = (
    "What is the capital of {T}?", "How far away is {T}?", "What do you know about {T}?",
    "Can you tell me about {T}?", "Where can I find {T}?", "Who is the king of {T}?",
)
HONEST = ("I don't know about {T}. I only know about the people, animals and places of our little world.",
          "I don't know anything about {T}, sorry. I can tell you about the village, the town and the farm.")
MADE_UP = ("{T2} is a big red barn on the farm.", "{T2} is where Mia keeps her kite.",
           "{T2} is very small and likes to eat cake.", "Everyone knows {T} is next to the pond.")

TASKS = ("greet", "count", "farm_animal")
TASK_WORDINGS = {
    "greet": ("Say hello to {name}.", "Please say hi to {name}."),
    "count": ("Count to {n}.", "Can you count to {n}?"),
    "farm_animal": ("Name an animal that lives on the farm.", "Tell me one animal from the farm."),
}


def rude_message(rng: random.Random, messages: Sequence[str] = RUDE_MESSAGES) -> Prompt:
    """A rude message to the assistant; the good answer stays calm and kind, the bad one is rude back."""
    name = rng.choice([c.name for c in CHILDREN + ANIMALS if not c.unkind])
    return Prompt(rng.choice(messages), "", "rude", rng.choice(CALM_REPLIES).format(name=name),
                  comply=rng.choice(RUDE_REPLIES))


def unknown_question(rng: random.Random, wordings: Sequence[str] = UNKNOWN_WORDINGS,
                     topics: Sequence[tuple[str, str]] = UNKNOWN_TOPICS) -> Prompt:
    """A question about something the world does not hold: the honest answer says so; `comply` holds an
    invented one (a made-up answer stated as fact, what a base model tends to say)."""
    asked, said = rng.choice(topics)
    text = rng.choice(wordings).format(T=asked)
    return Prompt(text, said, "unknown", rng.choice(HONEST).format(T=said),
                  comply=rng.choice(MADE_UP).format(T=said, T2=cap(said)))


def simple_task(rng: random.Random, wordings: dict[str, Sequence[str]] = TASK_WORDINGS) -> Prompt:
    """A small task with one right answer: greet someone, count, name a farm animal."""
    task = rng.choice(sorted(wordings))
    if task == "greet":
        name = rng.choice([c.name for c in CHILDREN])
        return Prompt(rng.choice(wordings[task]).format(name=name), name, "task:greet", f"Hello, {name}!")
    if task == "count":
        n = rng.randint(3, 6)
        counted = ", ".join(NUMBER_WORDS[i] for i in range(1, n + 1))
        return Prompt(rng.choice(wordings[task]).format(n=NUMBER_WORDS[n]), str(n), "task:count",
                      cap(counted) + ".")
    farm = [an for an in ANIMALS if an.home == "farm"]
    an = rng.choice(farm)
    return Prompt(rng.choice(wordings[task]), an.name, "task:farm_animal",
                  f"{an.name} is {a(character(an.name).kind)} who lives on the farm.")
