"""The cast of the tiny world and its fixed facts.

Every child, animal, toy, place and food here is a constant: the world is the
same for every seed, so a fact such as "Mia's favourite food is apples" can be
checked in any story, fact page or chat, and later in the answers of a model
trained on them. The facts as a table are in fact_table.py.
"""

from __future__ import annotations

from dataclasses import dataclass

COLOURS = ("red", "blue", "green", "yellow", "orange", "purple", "pink", "white", "black", "brown")

# The few characters who play the villain. They are flagged as facts
# ("nature": "unkind") so chats and a reward model can ask about them.
UNKIND = ("Bruno", "Rusty", "Gus")


@dataclass(frozen=True)
class Character:
    name: str
    female: bool
    food: str          # favourite food, a key of FOODS
    home: str          # a key of PLACES

    @property
    def he(self) -> str:
        return "she" if self.female else "he"

    @property
    def him(self) -> str:
        return "her" if self.female else "him"

    @property
    def his(self) -> str:
        return "her" if self.female else "his"

    @property
    def himself(self) -> str:
        return "herself" if self.female else "himself"

    @property
    def unkind(self) -> bool:
        return self.name in UNKIND


@dataclass(frozen=True)
class Child(Character):
    age: int
    favourite_colour: str
    pet: str           # an animal's name
    friend: str        # best friend, a child's name

    @property
    def kind(self) -> str:
        return "girl" if self.female else "boy"


@dataclass(frozen=True)
class Animal(Character):
    kind: str          # "cat", "dog", ...
    sound: str
    colour: str


@dataclass(frozen=True)
class Thing:
    name: str          # unique, so "the kite" names one toy
    colour: str
    owner: str


@dataclass(frozen=True)
class Place:
    name: str
    prep: str          # "in" the forest, "on" the farm, "at" the beach
    has: str           # what you find there
    has_plural: bool   # "there are tall trees" / "there is soft sand"

    @property
    def at(self) -> str:
        return f"{self.prep} the {self.name}"

    @property
    def to(self) -> str:
        return f"to the {self.name}"


@dataclass(frozen=True)
class Food:
    name: str          # as in "Mia likes apples"
    plural: bool       # agreement: "apples are", "cake is"
    one: str           # a single piece: "an apple"
    portion: str       # what you carry to a picnic: "a bag of apples"
    group: str         # "a fruit", "a sweet treat", ...
    colour: str        # "" where a food has no one colour

    @property
    def are(self) -> str:
        return "are" if self.plural else "is"

    @property
    def were(self) -> str:
        return "were" if self.plural else "was"

    @property
    def them(self) -> str:
        return "them" if self.plural else "it"


def _child(name, gender, age, colour, food, pet, home, friend) -> Child:
    return Child(name, gender == "girl", food, home, age, colour, pet, friend)


def _animal(name, gender, kind, sound, colour, food, home) -> Animal:
    return Animal(name, gender == "she", food, home, kind, sound, colour)


CHILDREN = (
    _child("Mia", "girl", 6, "green", "apples", "Tom", "village", "Lily"),
    _child("Lily", "girl", 5, "pink", "cake", "Kiki", "village", "Mia"),
    _child("Leo", "boy", 5, "orange", "carrots", "Nibbles", "village", "Kai"),
    _child("Kai", "boy", 6, "black", "noodles", "Dot", "village", "Leo"),
    _child("Nora", "girl", 7, "white", "grapes", "Henny", "village", "Ruby"),
    _child("Sam", "boy", 7, "blue", "pancakes", "Max", "town", "Ben"),
    _child("Ben", "boy", 6, "red", "cookies", "Polly", "town", "Sam"),
    _child("Ruby", "girl", 8, "red", "strawberries", "Luna", "town", "Nora"),
    _child("Omar", "boy", 8, "yellow", "soup", "Tilly", "town", "Bruno"),
    _child("Bruno", "boy", 9, "brown", "sausages", "Rex", "town", "Omar"),
    _child("Anna", "girl", 8, "yellow", "bananas", "Daisy", "farm", "Rosa"),
    _child("Rosa", "girl", 7, "purple", "pears", "Bonnie", "farm", "Anna"),
    _child("Emma", "girl", 4, "pink", "honey", "Snowy", "farm", "Zoe"),
    _child("Zoe", "girl", 9, "blue", "cheese", "Pinky", "farm", "Emma"),
    _child("Tim", "boy", 8, "green", "pie", "Billy", "farm", "Finn"),
    _child("Finn", "boy", 7, "orange", "oranges", "Dusty", "farm", "Tim"),
)

# A pet lives where its child lives; the last four animals are wild.
ANIMALS = (
    _animal("Tom", "he", "cat", "meow", "black", "fish", "village"),
    _animal("Kiki", "she", "bird", "tweet", "blue", "seeds", "village"),
    _animal("Nibbles", "he", "hamster", "squeak", "orange", "carrots", "village"),
    _animal("Dot", "she", "duck", "quack", "white", "peas", "village"),
    _animal("Henny", "she", "hen", "cluck", "red", "corn", "village"),
    _animal("Max", "he", "dog", "woof", "brown", "bones", "town"),
    _animal("Polly", "she", "parrot", "squawk", "green", "nuts", "town"),
    _animal("Luna", "she", "cat", "meow", "orange", "milk", "town"),
    _animal("Tilly", "she", "mouse", "squeak", "brown", "cheese", "town"),
    _animal("Rex", "he", "dog", "woof", "black", "sausages", "town"),
    _animal("Daisy", "she", "cow", "moo", "brown", "grass", "farm"),
    _animal("Bonnie", "she", "horse", "neigh", "white", "hay", "farm"),
    _animal("Snowy", "she", "sheep", "baa", "white", "grass", "farm"),
    _animal("Pinky", "she", "pig", "oink", "pink", "apples", "farm"),
    _animal("Billy", "he", "goat", "maa", "black", "cabbage", "farm"),
    _animal("Dusty", "he", "donkey", "hee-haw", "brown", "carrots", "farm"),
    _animal("Rusty", "he", "fox", "yip", "red", "eggs", "forest"),
    _animal("Olly", "he", "owl", "hoot", "brown", "worms", "forest"),
    _animal("Fred", "he", "frog", "ribbit", "green", "flies", "pond"),
    _animal("Gus", "he", "goose", "honk", "white", "bread", "lake"),
)

THINGS = (
    Thing("ball", "red", "Sam"), Thing("kite", "yellow", "Mia"),
    Thing("teddy bear", "brown", "Lily"), Thing("boat", "blue", "Ben"),
    Thing("car", "orange", "Leo"), Thing("doll", "pink", "Rosa"),
    Thing("train", "green", "Kai"), Thing("book", "purple", "Anna"),
    Thing("hat", "pink", "Emma"), Thing("bike", "blue", "Zoe"),
    Thing("robot", "black", "Tim"), Thing("yo-yo", "green", "Finn"),
    Thing("puzzle", "white", "Nora"), Thing("scarf", "red", "Ruby"),
    Thing("wagon", "red", "Omar"), Thing("drum", "black", "Bruno"),
    Thing("umbrella", "yellow", "Anna"),
)

PLACES = (
    Place("park", "in", "swings and a slide", True),
    Place("forest", "in", "tall trees", True),
    Place("river", "by", "little fish", True),
    Place("school", "at", "a big bell", False),
    Place("farm", "on", "a red barn", False),
    Place("beach", "at", "soft sand", False),
    Place("garden", "in", "pretty flowers", True),
    Place("hill", "on", "an old windmill", False),
    Place("lake", "by", "a wooden bridge", False),
    Place("pond", "by", "tall reeds", True),
    Place("village", "in", "a little shop", False),
    Place("town", "in", "a big clock", False),
    Place("meadow", "in", "tall grass", False),
    Place("library", "at", "many books", True),
    Place("market", "at", "fresh fruit", False),
    Place("cave", "in", "an echo", False),
)

FOODS = (
    Food("apples", True, "an apple", "a bag of apples", "a fruit", "red"),
    Food("bananas", True, "a banana", "a bunch of bananas", "a fruit", "yellow"),
    Food("grapes", True, "a grape", "a bunch of grapes", "a fruit", "purple"),
    Food("pears", True, "a pear", "a bag of pears", "a fruit", "green"),
    Food("strawberries", True, "a strawberry", "a box of strawberries", "a fruit", "red"),
    Food("oranges", True, "an orange", "a bag of oranges", "a fruit", "orange"),
    Food("carrots", True, "a carrot", "a bag of carrots", "a vegetable", "orange"),
    Food("peas", True, "a pea", "a bowl of peas", "a vegetable", "green"),
    Food("corn", False, "an ear of corn", "a basket of corn", "a vegetable", "yellow"),
    Food("cabbage", False, "a cabbage", "a big cabbage", "a vegetable", "green"),
    Food("cake", False, "a slice of cake", "a big slice of cake", "a sweet treat", ""),
    Food("cookies", True, "a cookie", "a box of cookies", "a sweet treat", "brown"),
    Food("honey", False, "a spoon of honey", "a jar of honey", "a sweet treat", "yellow"),
    Food("pie", False, "a slice of pie", "a big pie", "a sweet treat", ""),
    Food("pancakes", True, "a pancake", "a stack of pancakes", "a warm meal", ""),
    Food("noodles", True, "a bowl of noodles", "a bowl of noodles", "a warm meal", ""),
    Food("soup", False, "a bowl of soup", "a pot of soup", "a warm meal", ""),
    Food("sausages", True, "a sausage", "a plate of sausages", "a warm meal", "brown"),
    Food("cheese", False, "a piece of cheese", "a big piece of cheese", "a snack", "yellow"),
    Food("nuts", True, "a nut", "a bag of nuts", "a snack", "brown"),
    Food("bread", False, "a piece of bread", "a loaf of bread", "a snack", "brown"),
    Food("eggs", True, "an egg", "a basket of eggs", "a snack", "white"),
    Food("milk", False, "a cup of milk", "a jug of milk", "a drink", "white"),
    Food("fish", False, "a little fish", "a bucket of fish", "food for animals", ""),
    Food("bones", True, "a bone", "a bag of bones", "food for animals", "white"),
    Food("seeds", True, "a seed", "a bag of seeds", "food for animals", "brown"),
    Food("grass", False, "a bite of grass", "a pile of grass", "food for animals", "green"),
    Food("hay", False, "a bit of hay", "a bale of hay", "food for animals", "yellow"),
    Food("worms", True, "a worm", "a pile of worms", "food for animals", "pink"),
    Food("flies", True, "a fly", "a lot of flies", "food for animals", "black"),
)

CHARACTERS = CHILDREN + ANIMALS
_BY_NAME = {c.name: c for c in CHARACTERS}
_THINGS = {t.name: t for t in THINGS}
_PLACES = {p.name: p for p in PLACES}
_FOODS = {f.name: f for f in FOODS}


def character(name: str) -> Child | Animal:
    return _BY_NAME[name]


def thing(name: str) -> Thing:
    return _THINGS[name]


def place(name: str) -> Place:
    return _PLACES[name]


def food(name: str) -> Food:
    return _FOODS[name]


def category(subject: str) -> str:
    """What a fact's subject is: "character", "thing", "place" or "food"."""
    for name, table in (("character", _BY_NAME), ("thing", _THINGS), ("place", _PLACES), ("food", _FOODS)):
        if subject in table:
            return name
    raise KeyError(subject)


def owner_of(animal: Animal) -> Child | None:
    return next((c for c in CHILDREN if c.pet == animal.name), None)


def things_of(child: Child) -> list[Thing]:
    return [t for t in THINGS if t.owner == child.name]
