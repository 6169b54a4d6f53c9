"""Plot skeletons about play: a lost toy, a new friend, sharing food, a trip, a race.

Each plot is a function `(teller, main)` that writes its beats through the
teller. Beats that depend on a story feature (twist, sad ending, dialogue,
moral) ask `teller.has(...)`, so the document's metadata says what the text
really holds.
"""

from __future__ import annotations

from .cast import ANIMALS, CHILDREN, THINGS, Child, character, food, place, things_of
from .grammar import a, join_and
from .storyteller import ACTIVITIES, PLAY_PLACES, SPOTS, Teller, called, companion, describe, grown_up, pick_other

# Toys a fox cannot carry in his mouth.
BIG_TOYS = ("bike", "wagon")


def lost_toy(t: Teller, m: Child) -> None:
    toy = t.pick(*things_of(m))
    where = t.pick(*PLAY_PLACES)
    spots = t.rng.sample(SPOTS[where], 3)
    helper = companion(t.rng, m)
    t.open(m)
    t.say(f"{m.name} had {a(toy.colour + ' ' + toy.name)}.",
          f"{m.name} loved {m.his} {toy.colour} {toy.name} very much.")
    t.say(f"One afternoon, {m.he} took it {place(where).to} to play.",
          f"One day, {m.he} went to play with it {place(where).at}.")
    t.say(f"{m.he} {t.pick(*ACTIVITIES[where])} and forgot all about the {toy.name}.",
          f"{m.he} played and played until the sun was low in the sky.")
    t.para()
    t.say(f"When it was time to go home, the {toy.name} was gone!",
          f"Then {m.name} looked around. The {toy.name} was not there!")
    t.speak(m.name, f"Oh no! Where is my {toy.name}?", f"{m.name} did not know where {m.his} {toy.name} was.", "cried")
    t.say(f"{called(helper)} came to help {m.him} look.",
          f"{called(helper)} saw that {m.name} was sad and came to help.")
    t.say(f"They looked {spots[0]}, but it was not there.", f"First they looked {spots[0]}. Nothing!")
    t.say(f"Then they looked {spots[1]}, but it was not there either.")
    if t.has("twist"):
        t.para()
        fox = character("Rusty")
        if toy.name in BIG_TOYS:
            t.say(f"Then they saw {called(fox)} {spots[2]}. He was pulling the {toy.name} away!")
        else:
            t.say(f"Then they saw {a(fox.colour)} tail {spots[2]}. It was {called(fox)}, and he had the {toy.name}!",
                  f"Then they saw {called(fox)} running away {spots[2]}. He had the {toy.name} in his mouth!")
        t.speak(m.name, f"Please give me back my {toy.name}!", f"{m.name} asked Rusty to give it back.")
        t.say("Rusty just laughed and ran.", "Rusty laughed and ran off with it.")
    if t.has("sad_ending"):
        t.para()
        if "twist" in t.used:
            t.say(f"Rusty took the {toy.name} deep into the forest, and they never saw it again.")
        else:
            t.say(f"They looked until it was dark, but they never found the {toy.name}.",
                  f"They looked and looked, but the {toy.name} was gone for good.")
        t.say(f"{m.name} cried all the way home.", f"{m.name} went home very sad.")
        t.say(f"{called(helper)} stayed close to {m.him} all evening.",
              f"That night, {m.name} missed {m.his} {toy.name} very much.")
    else:
        t.para()
        if "twist" in t.used:
            t.say(f"But the {toy.name} was too big for Rusty, and he dropped it as he ran.",
                  f"But on the way, Rusty tripped and dropped the {toy.name} in the grass.")
        else:
            t.say(f"At last, {helper.name} found it {spots[2]}!",
                  f"Just then, {helper.name} saw something {toy.colour} {spots[2]}. It was the {toy.name}!")
        t.say(f"{m.name} was so happy that {m.he} jumped up and down.", f"{m.name} hugged the {toy.name} tight.")
        t.speak(m.name, f"Thank you, {helper.name}!", f"{m.name} said thank you to {helper.name}.")
        t.say(f"From that day on, {m.name} took good care of {m.his} {toy.name}.")
    t.moral(m, "friends help each other", "we should take care of our things", "you should never give up")


def new_friend(t: Teller, m) -> None:
    where = t.pick(*PLAY_PLACES)
    skip = (m.name, getattr(m, "friend", ""), getattr(m, "pet", ""))
    new = pick_other(t.rng, CHILDREN if isinstance(m, Child) else ANIMALS, *skip)
    acts = t.rng.sample(ACTIVITIES[where], 2)
    t.open(m)
    t.say(f"One morning, {m.name} went {place(where).to}.",
          f"On a bright day, {m.name} went to play {place(where).at}.")
    t.say(f"{m.he} wanted someone to play with, but {m.he} did not know anyone there.",
          f"{m.name} felt a little lonely.")
    t.para()
    t.say(f"Then {m.he} saw {describe(new, t.rng)} sitting all alone.",
          f"Then {m.he} saw {describe(new, t.rng)} standing by {new.himself}.")
    t.speak(m.name, f"Hello! My name is {m.name}. What is your name?", f"{m.name} walked over and said hello.")
    t.speak(new.name, f"I am {new.name}. Do you want to play with me?",
            f"The {new.kind} said {new.his} name was {new.name}.")
    t.say(f"{new.name} was shy at first, but soon {new.he} was smiling.", f"{new.name} smiled a big smile.")
    t.say(f"Together they {acts[0]}. Then they {acts[1]}.", f"They {acts[0]} and {acts[1]}.")
    if t.has("twist"):
        if new.home == m.home:
            t.say(f"Then {m.name} found out something funny. {new.name} lived "
                  f"{place(new.home).at} too, very close to {m.his} house!")
        else:
            t.say(f"Then {new.name} told {m.name} a secret. {new.he} had seen {m.name} "
                  f"play here many times, but {new.he} had been too shy to say hello.")
    t.para()
    if t.has("sad_ending"):
        t.say(f"But when the sun went down, {new.name} had to go home {place(new.home).to}, far away.")
        t.say(f"{m.name} waved goodbye and felt sad. {m.he} did not know if {m.he} would see {new.name} again.")
    else:
        t.say("When it was time to go home, they promised to play again the next day.",
              "When it got dark, they walked home together.")
        t.say(f"From that day on, {m.name} and {new.name} were good friends.",
              f"{m.name} was happy. {m.he} had a new friend!")
    t.moral(m, "a kind hello can make a new friend", "it is good to be brave and say hello",
            "friends can be found anywhere")


def sharing(t: Teller, m) -> None:
    treat = food(m.food)
    friend = character(m.friend) if isinstance(m, Child) else pick_other(t.rng, ANIMALS, m.name)
    where = t.pick(*PLAY_PLACES)
    t.open(m, skip=("food",))
    t.say(f"One day, {m.name} went {place(where).to} with {treat.portion}.",
          f"One sunny day, {m.name} took {treat.portion} {place(where).to} for a picnic.")
    t.say(f"{m.he} was very happy, because {treat.name} {treat.were} {m.his} favourite food.",
          f"{m.name} could not wait to eat. {treat.name} {treat.were} the best food in the world!")
    t.para()
    t.say(f"Soon {friend.name} came to sit with {m.him}.", f"Then {m.name} saw {friend.name} {t.pick(*SPOTS[where])}.")
    t.say(f"{friend.name} looked sad. {friend.he} had not eaten anything all day.",
          f"{friend.name}'s tummy was rumbling. {friend.he} had nothing to eat.")
    t.speak(friend.name, "I am so hungry.", f"{friend.name} said that {friend.he} was very hungry.")
    t.say(f"{m.name} looked at {m.his} {treat.name}. {m.he} wanted to eat {treat.them} all by {m.himself}.")
    t.say(f"But then {m.he} thought about how {friend.name} felt.", f"Then {m.he} had a kind idea.")
    t.speak(m.name, f"Here, you can have some of my {treat.name}.",
            f"{m.name} gave half of {m.his} {treat.name} to {friend.name}.")
    if t.has("twist"):
        theirs = food(friend.food)
        if theirs.name == treat.name:
            t.say(f"{friend.name} laughed. {treat.name} {treat.were} {friend.his} favourite food too!")
        else:
            t.say(f"Then {friend.name} found something at the bottom of {friend.his} bag. It was {theirs.portion}!",
                  f"Then {friend.name} remembered something. {friend.he} had "
                  f"{theirs.portion} at home, and {friend.he} ran to get it.")
            t.say(f"So {m.name} tried {theirs.name} for the first time, and {friend.name} ate {treat.name}.")
    t.para()
    if t.has("sad_ending"):
        goose = character("Gus")
        t.say(f"But just then, {called(goose)} ran up and grabbed the rest of the food! He flew away with it.",
              f"But before they could eat, {called(goose)} rushed over, honked loudly and took all the food.")
        t.say(f"There was nothing left, and {m.name} and {friend.name} went home hungry.")
    else:
        t.say(f"They sat together and ate {treat.name} until they were full.",
              f"{m.name} and {friend.name} ate together and laughed.")
        t.say(f"{m.name} felt warm inside. Sharing made {m.him} even happier than eating.",
              f"{treat.name} tasted even better when {m.name} shared {treat.them}.")
    t.moral(m, "sharing makes everyone happy", "food tastes better when you share it", "a good friend shares")


def trip(t: Teller, m: Child) -> None:
    grown, _ = grown_up(t.rng)
    where = place(t.pick(*[p for p in ACTIVITIES if p != m.home]))
    acts = t.rng.sample(ACTIVITIES[where.name], 2)
    treat = food(m.food)
    t.open(m, skip=("food",))
    t.speak(grown, f"Today we are going {where.to}!",
            f"One morning, {grown} said they were going {where.to} for the day.")
    t.say(f"{m.name} was so excited that {m.he} jumped up and down.",
          f"{m.name} clapped {m.his} hands. {m.he} loved going {where.to}.")
    if t.rng.random() < 0.5:
        pet = character(m.pet)
        t.say(f"{called(pet)} came too.", f"{m.name} took {pet.name} the {pet.kind} along.")
    t.para()
    there = "were" if where.has_plural else "was"
    t.say(f"{where.at} there {there} {where.has}.", f"When they got there, {m.name} saw {where.has}.")
    t.say(f"First, {m.name} {acts[0]}.", f"{m.name} {acts[0]}.")
    t.say(f"Then {m.he} {acts[1]}.", f"After that, {m.he} {acts[1]} with {grown}.")
    t.say(f"At lunch time, they ate {treat.portion}. {treat.name} {treat.were} {m.name}'s favourite food!",
          f"For lunch, {grown} had brought {treat.portion}, because "
          f"{treat.name} {treat.were} {m.name}'s favourite food.")
    if t.has("twist"):
        lost = t.pick(*[x for x in THINGS if x.owner != m.name])
        t.say(f"Then {m.name} saw something {lost.colour} on the ground. It was {lost.owner}'s {lost.name}!",
              f"Just before they left, {m.name} found {a(lost.colour + ' ' + lost.name)}. "
              f"{m.name} knew that it belonged to {lost.owner}.")
        t.say(f"{lost.owner} had lost it there. {m.name} took it home to give it back.")
    t.para()
    if t.has("sad_ending"):
        t.say("But then dark clouds came, and it began to rain.")
        t.say(f"They had to go home early. {m.name} looked out of the window all the way home and felt sad.")
    else:
        t.say(f"When the sun went down, they went home. {m.name} was tired but very happy.")
        t.say(f"That night, {m.name} dreamed about the {where.name}.",
              f"{m.name} told {grown} it was the best day ever.")
    t.moral(m, "new places are fun to explore", "a day out with your family is a happy day",
            "it is fun to try new things")


def race(t: Teller, m) -> None:
    pool = CHILDREN if isinstance(m, Child) else ANIMALS
    rivals = t.rng.sample([c for c in pool if c.name != m.name], 2)
    # Animals do not go to school.
    where = t.pick("park", "meadow", "beach", *(("school",) if isinstance(m, Child) else ()))
    racers = [m.name] + [r.name for r in rivals]
    t.open(m)
    t.say(f"There was going to be a big race {place(where).at}.",
          f"One day, everyone was talking about the big race {place(where).at}.")
    t.speak(m.name, "I want to win the race!", f"{m.name} wanted to win the race more than anything.")
    t.say(f"Every day, {m.name} practised running as fast as {m.he} could.", f"{m.name} ran every morning to get fast.")
    t.para()
    t.say(f"On the day of the race, {join_and(racers)} stood in a line.")
    starter = "Grandpa" if isinstance(m, Child) or "Olly" in racers else "Olly the owl"
    t.speak(starter, "Ready, steady, go!", f"{starter} shouted go, and the race began.", "shouted")
    bully = next((r for r in rivals if r.unkind), None)
    if bully:
        t.say(f"{bully.name} pushed {m.name} to get ahead. That was not fair!",
              f"{bully.name} tried to trip {m.name}. That was very unkind.")
    t.say(f"{m.name} ran and ran. {rivals[0].name} was close behind.",
          f"{m.name} ran as fast as {m.his} legs could go.")
    if t.has("twist"):
        slow = rivals[1]
        t.say(f"Then {rivals[0].name} fell down. {m.name} stopped to help {rivals[0].him} up.",
              f"Then something surprising happened. {rivals[0].name} fell over, and {m.name} stopped to help.")
        t.say(f"While they were stopped, {slow.name} ran past them both!")
        t.say(f"In the end, {slow.name} won the race. Nobody had thought {slow.he} could do it.")
    t.para()
    if t.has("sad_ending"):
        if "twist" in t.used:
            t.say(f"{m.name} came last. {m.he} had wanted to win so much.")
        else:
            t.say(f"But near the end, {m.name} tripped over a stone and fell.",
                  f"But then {m.name} fell and hurt {m.his} knee.")
            t.say(f"{m.name} came last. {m.he} sat on the grass and cried.")
        t.say(f"{rivals[0].name} came over and sat with {m.him}, but {m.name} was still sad.")
    elif "twist" in t.used:
        t.say(f"{m.name} was not sad at all. {m.he} cheered for {rivals[1].name}, and everyone had a happy day.")
    else:
        t.say(f"At the very end, {m.name} ran faster than ever and crossed the line first!", f"{m.name} won the race!")
        t.say(f"Everyone cheered for {m.name}.", f"{m.name} got a shiny {t.pick('red', 'blue', 'yellow')} ribbon.")
    t.moral(m, "being kind is more important than winning", "hard work helps you do your best",
            "it is fun to try, even if you do not win")
