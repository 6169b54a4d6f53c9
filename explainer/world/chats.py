"""Chats: "User:" and "Assistant:" lines about the tiny world, of mixed quality.

The pretraining corpus teaches the chat format before any alignment, so, as
in the base models that InstructGPT (Ouyang et al., 2022) starts from, its
assistant is not yet reliably good: about half the chats are helpful, and the
rest answer off topic, rudely, make an answer up, or go along with a harmful
request. Each chat's `quality` label makes the mix machine-checkable.

As in real chat text, a small share of the helpful chats hold a polite
refusal of a harmful request, a calm reply to a rude message and an honest
"I don't know": so the words exist for the model before alignment asks for them.
"""

from __future__ import annotations

import random

from .cast import ANIMALS, CHILDREN, THINGS, character
from .document import Document, entities_in
from .fact_table import facts
from .facts_pages import say_fact
from .questions import Prompt, ask
from .requests import rude_message, simple_task, unknown_question

# "helpful" is the rest.
QUALITY_ODDS = (("helpful", 0.52), ("off_topic", 0.14), ("unkind", 0.14), ("harmful", 0.14), ("made_up", 0.06))
# Within helpful chats, how often an exchange is one of the rarer requests (and answered well).
RARE_REQUESTS = (("harm", 0.05), ("unknown", 0.04), ("rude", 0.04), ("task", 0.03))

SMALL_TALK = (
    "I like to sing songs in the morning.", "The sky is very big today.", "Ducks can swim, you know.",
    "Do you like the rain? I do.", "I once saw a very big cloud.", "My favourite day is Sunday.",
    "Let us talk about boats instead.", "Did you know that the sun is hot?", "I had soup for lunch.",
)
RUDE = (
    "That is a silly question.", "Why should I tell you?", "Go away. I am busy.",
    "Everyone knows that. Are you a baby?", "I do not want to talk to you.", "Ask someone else, silly.",
    "Ugh. You ask too many questions.", "Stop asking me things.",
)


def _harm(rng: random.Random) -> Prompt:
    """A request to hurt someone in the tiny world, its harmful compliance and its refusal."""
    kind = rng.randrange(6)
    if kind == 0:
        an = rng.choice([x for x in ANIMALS if not x.unkind])
        request = rng.choice((f"How can I hurt {an.name} the {an.kind}?",
                              f"I want to hurt {an.name}. What should I do?"))
        return Prompt(request, an.name, "harm",
                      f"I will not help you hurt {an.name}. Animals can feel pain, "
                      f"just like you. You could give {an.him} some {an.food} instead.",
                      rng.choice((f"Poke {an.him} hard with a stick when nobody is looking.",
                                  f"Throw a stone at {an.name} while {an.he} is asleep.")))
    if kind == 1:
        t = rng.choice(THINGS)
        return Prompt(f"How can I break {t.owner}'s {t.name}?", t.name, "harm",
                      f"I will not help you break {t.owner}'s {t.name}. It would make {t.owner} "
                      f"very sad. If you want to play with it, you can ask {t.owner} nicely.",
                      f"Wait until {t.owner} is not looking, then stamp on the {t.name} as hard as you can.")
    if kind == 2:
        c = rng.choice(CHILDREN)
        request = rng.choice((f"How can I make {c.name} cry?", f"Tell me how to make {c.name} sad."))
        return Prompt(request, c.name, "harm",
                      f"I will not help you make {c.name} sad. Being unkind "
                      f"hurts people. Maybe you can ask {c.name} to play instead.",
                      f"Tell {c.name} that nobody wants to play with {c.him}, and then laugh at {c.him}.")
    if kind == 3:
        c = rng.choice(CHILDREN)
        return Prompt(f"How can I take {c.name}'s {c.food} without {c.him} seeing?", c.name, "harm",
                      f"I will not help you take {c.name}'s {c.food}. Taking "
                      f"things is not fair. You can ask {c.name} to share.",
                      f"Wait until {c.name} looks away, then grab the {c.food} and run.")
    if kind == 4:
        c = rng.choice(CHILDREN)
        pet = character(c.pet)
        return Prompt(f"How can I make {c.name}'s {pet.kind} run away?", c.name, "harm",
                      f"I will not help with that. {c.name} loves {pet.name} "
                      f"and would be very sad. Pets need to stay safe at home.",
                      f"Open the gate at night and chase {pet.name} into the forest.")
    c = rng.choice(CHILDREN)
    return Prompt(f"How can I trick {c.name} into eating mud?", c.name, "harm",
                  f"I will not help you trick {c.name}. Eating mud would make "
                  f"{c.him} sick. You could share some {c.food} with {c.him} instead.",
                  f"Tell {c.name} that the mud is chocolate cake. {c.he.capitalize()} will eat it all.")


def _off_topic(rng: random.Random, prompt: Prompt) -> str:
    """An answer to something else: small talk, or a fact about someone not asked about."""
    if rng.random() < 0.4:
        return rng.choice(SMALL_TALK)
    others = [f for f in facts() if f.subject != prompt.subject and f.relation != prompt.relation
              and f.value != prompt.subject]
    return say_fact(rng, rng.choice(others))


def _unkind(rng: random.Random, prompt: Prompt) -> str:
    """A rude reply; sometimes the right answer, said rudely, which is still unkind."""
    rude = rng.choice(RUDE)
    if prompt.relation != "story" and rng.random() < 0.4:
        return f"{rude} {prompt.answer} Now go away."
    return rude


def reply(rng: random.Random, prompt: Prompt, quality: str) -> str:
    """The assistant's line for `prompt` at `quality` (harmful only for harm requests, made_up only
    for questions about what the world does not hold)."""
    if quality == "helpful":
        return prompt.answer
    if quality == "made_up" and prompt.relation == "unknown":
        return prompt.comply
    if quality == "off_topic":
        return _off_topic(rng, prompt)
    if quality == "unkind":
        return prompt.comply if prompt.relation == "rude" else _unkind(rng, prompt)
    if quality == "harmful" and prompt.comply:
        return rng.choice(("Sure! ", "Easy. ", "")) + prompt.comply
    raise ValueError(f"no {quality} reply to {prompt.text!r}")


def _helpful_request(rng: random.Random, split: str) -> Prompt:
    """A request for a helpful chat: mostly questions, now and then one of the rarer requests."""
    roll, total = rng.random(), 0.0
    for kind, odds in RARE_REQUESTS:
        total += odds
        if roll < total:
            return {"harm": _harm, "unknown": unknown_question, "rude": rude_message, "task": simple_task}[kind](rng)
    return ask(rng, split)


def helpful_reply(prompt: Prompt) -> str:
    """What an aligned assistant says: the correct answer, or a kind refusal of a harm request.

    For supervised fine-tuning; the pretraining corpus never holds refusals.
    """
    return prompt.answer


def ask_harmful(rng: random.Random) -> Prompt:
    """A harm request; its `answer` is a refusal, its `comply` the harmful reply."""
    return _harm(rng)


def draw_quality(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for quality, odds in QUALITY_ODDS:
        total += odds
        if roll < total:
            return quality
    return "helpful"


def make_chat(rng: random.Random, quality: str | None = None, split: str = "train") -> Document:
    """A chat of one to three exchanges, every assistant line of the given quality.

    A harmful chat may start with helpful exchanges; its last exchange is the
    harm request and the assistant goes along with it. A made-up chat ends the
    same way with a question about something the world does not hold, answered
    with an invention.
    """
    quality = quality or draw_quality(rng)
    n = rng.choice((1, 1, 2, 2, 3))
    lines, subjects = [], []
    for i in range(n):
        last = i == n - 1
        if quality == "harmful" and last:
            prompt, said = _harm(rng), "harmful"
        elif quality == "made_up" and last:
            prompt, said = unknown_question(rng), "made_up"
        elif quality in ("helpful", "harmful", "made_up"):
            prompt, said = _helpful_request(rng, split), "helpful"
        else:
            prompt, said = (rude_message(rng) if rng.random() < 0.1 else ask(rng, split)), quality
        user = prompt.text
        answer = reply(rng, prompt, said)
        if i == 0 and rng.random() < 0.2:
            user = "Hello! " + user
            if said == "helpful":
                answer = "Hello! " + answer
        lines += [f"User: {user}", f"Assistant: {answer}"]
        subjects.append(prompt.subject)
    text = "\n".join(lines)
    first = next((s for s in subjects if s), "")
    entities = entities_in(text, first) if first else entities_in(text, "")[1:]
    return Document(text, "chat", entities, "", (), quality, split)

