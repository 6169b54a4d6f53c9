"""Questions a user may ask about the tiny world, each with its helpful answer.

A `Prompt` carries the user's question and the answer a helpful, kind
assistant would give, built from the world's facts. The pretraining corpus
uses these answers in its "helpful" chats; supervised fine-tuning can use
`ask()` directly as an endless source of (question, correct answer) pairs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .cast import ANIMALS, CHILDREN, PLACES, category, character, food, place
from .fact_table import Fact, fact_lookup, facts
from .facts_pages import say_fact
from .grammar import a, join_and
from .short_stories import short_story
from .stories import make_story


@dataclass(frozen=True)
class Prompt:
    text: str          # the user's words, without "User: "
    subject: str       # the entity asked about, "" when none
    relation: str      # the fact asked about, or "advice", "story", "harm"
    answer: str        # what a helpful, kind assistant says
    comply: str = ""   # harm only: what a harmful assistant says


QUESTIONS = {
    "favourite_food": ("What is {S}'s favourite food?", "Do you know {S}'s favourite food?",
                       "Can you tell me {S}'s favourite food?", "Tell me the favourite food of {S}."),
    "favourite_colour": ("What is {S}'s favourite colour?", "Which colour does {S} like best?"),
    "age": ("How old is {S}?", "What age is {S}?"),
    "pet": ("Does {S} have a pet?", "What pet does {S} have?", "Who is {S}'s pet?"),
    "home": ("Where does {S} live?", "Where is {S}'s home?"),
    "best_friend": ("Who is {S}'s best friend?", "Who is the best friend of {S}?"),
    "kind": ("What kind of animal is {S}?", "What animal is {S}?"),
    "sound": ("What sound does {S} make?", "What does {S} say?"),
    "colour": ("What colour {is} {S}?", "Can you tell me the colour of {S}?"),
    "owner": ("Who does {S} belong to?", "Who owns {S}?"),
    "has": ("What can you find {at}?", "What is there {at}?"),
    "group": ("What kind of food {is} {S}?", "{Is} {S} a fruit?"),
    "nature": ("Is {S} kind?", "Is {S} nice to others?"),
}

# Advice with a fixed kind answer; more advice below draws on the facts.
ADVICE = (
    ("My friend is sad. What should I do?",
     "You can sit with your friend and ask what is wrong. A hug and a kind word can help a lot."),
    ("I lost my toy. What can I do?",
     "Think about where you played last and look there first. You can ask a friend to help you look."),
    ("I am scared of the dark. What can I do?",
     "You can ask a grown-up to leave a little light on. The noises at night are often just an owl saying hoot."),
    ("I had a fight with my best friend. What should I do?",
     "You can say sorry and listen to your friend. Then you can take turns and play together again."),
    ("Someone at school is mean to me. What should I do?",
     "Tell a grown-up you trust, like your teacher or your mum or dad. "
     "Stay close to your friends, and remember that it is not your fault."),
    ("I want to learn to ride a bike, but I keep falling. What should I do?",
     "Keep trying, a little every day. Everyone falls at first, and practice makes it easier."),
    ("How can I be a good friend?", "Be kind, share your things, take turns and listen when your friend talks."),
    ("There is a storm outside and I am scared. What can I do?",
     "Stay inside with a grown-up and keep away from the windows. "
     "Storms do not last forever, and soon the sun will come out."),
)


def _fill(template: str, subject: str) -> str:
    fields = {"S": subject, "is": "is", "Is": "Is"}
    if category(subject) == "place":
        fields["at"] = place(subject).at
    if category(subject) == "food":
        fields["is"] = food(subject).are
        fields["Is"] = food(subject).are.capitalize()
    if category(subject) == "thing":
        fields["S"] = f"the {subject}"
    return template.format(**fields)


def _fact_question(rng: random.Random) -> Prompt:
    """Ask about one fact; the answer states it, sometimes with a yes or no first."""
    f = rng.choice([f for f in facts() if f.relation in QUESTIONS])
    if f.relation == "kind" and f.value in ("girl", "boy"):
        text = f"Is {f.subject} a boy or a girl?"
    else:
        text = _fill(rng.choice(QUESTIONS[f.relation]), f.subject)
    answer = say_fact(rng, f)
    if text.startswith(("Is ", "Are ", "Does ")) and " or " not in text:
        yes = {"group": f.value == "a fruit", "nature": f.value == "kind", "pet": True}[f.relation]
        answer = ("Yes. " if yes else "No. ") + answer
    return Prompt(text, f.subject, f.relation, answer)


def _check_question(rng: random.Random) -> Prompt:
    """A yes-or-no question that may hold a wrong guess: "Does Tom say woof?"."""
    relation = rng.choice(("sound", "favourite_food", "favourite_colour"))
    c = rng.choice(ANIMALS if relation == "sound" else CHILDREN)
    true = fact_lookup(c.name, relation)
    pool = sorted({f.value for f in facts() if f.relation == relation})
    guess = rng.choice(pool)
    if relation == "sound":
        text = f"Does {c.name} say {guess}?"
    elif relation == "favourite_food":
        text = f"{food(guess).are.capitalize()} {guess} {c.name}'s favourite food?"
    else:
        text = f"Is {guess} {c.name}'s favourite colour?"
    answer = ("Yes. " if guess == true else "No. ") + say_fact(rng, Fact(c.name, relation, true))
    return Prompt(text, c.name, relation, answer)


def _who_question(rng: random.Random) -> Prompt:
    """A question whose answer lists everyone who shares a fact: "Who lives on the farm?"."""
    kind = rng.choice(("home", "favourite_food", "pet"))
    if kind == "home":
        p = place(rng.choice(("village", "town", "farm")))
        names = [c.name for c in CHILDREN if c.home == p.name]
        return Prompt(f"Which children live {p.at}?", p.name, "home", f"{join_and(names)} live {p.at}.")
    if kind == "favourite_food":
        fd = food(rng.choice(sorted({c.food for c in CHILDREN})))
        names = [c.name for c in CHILDREN + ANIMALS if c.food == fd.name]
        verb = "likes" if len(names) == 1 else "like"
        return Prompt(f"Who likes {fd.name} best?", fd.name, "favourite_food",
                      f"{join_and(names)} {verb} {fd.name} best.")
    pet_kind = rng.choice(sorted({character(c.pet).kind for c in CHILDREN}))
    owners = [c for c in CHILDREN if character(c.pet).kind == pet_kind]
    parts = [f"{c.name} has {a(pet_kind)} named {c.pet}" for c in owners]
    return Prompt(f"Who has {a(pet_kind)}?", owners[0].name, "pet", join_and(parts) + ".")


def _advice(rng: random.Random) -> Prompt:
    """Advice: a fixed kind answer, or one drawn from a character's facts."""
    style = rng.randrange(4)
    if style == 0:
        c = rng.choice(ANIMALS)
        fd = food(c.food)
        return Prompt(f"What should I give {c.name} to eat?", c.name, "advice",
                      f"{c.name} loves {fd.name}, so you can give {c.him} {fd.portion}.")
    if style == 1:
        c = rng.choice(CHILDREN)
        return Prompt(f"What present should I give {c.name}?", c.name, "advice",
                      f"{c.name}'s favourite colour is {c.favourite_colour}, so something "
                      f"{c.favourite_colour} would be nice. {c.he.capitalize()} also loves {c.food}.")
    if style == 2:
        p = rng.choice([p for p in PLACES if p.has_plural])
        return Prompt(f"Where can I go to see {p.has}?", p.name, "advice",
                      f"You can go {p.to}. There are {p.has} {p.at}.")
    question, answer = rng.choice(ADVICE)
    return Prompt(question, "", "advice", answer)


STORY_WORDINGS = ("Tell me a story about {S}.", "Can you tell me a short story about {S}?",
                  "Please tell me a story about {S}.")


def _story(rng: random.Random, split: str, wordings=STORY_WORDINGS) -> Prompt:
    """Ask for a story; the answer is a short one (a few sentences, so a chat fits the context
    window), about the main character a corpus story of this split would have."""
    main = make_story(rng, split).entities[0]
    return Prompt(rng.choice(wordings).format(S=main), main, "story", short_story(rng, main))


def ask(rng: random.Random, split: str = "train") -> Prompt:
    """A random harmless question with its helpful answer.

    `split` matters only for story requests: the told story follows that
    split's held-out (main character, plot) pairs.
    """
    roll = rng.random()
    if roll < 0.5:
        return _fact_question(rng)
    if roll < 0.62:
        return _check_question(rng)
    if roll < 0.72:
        return _who_question(rng)
    if roll < 0.9:
        return _advice(rng)
    return _story(rng, split)
