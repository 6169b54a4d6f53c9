"""Plot skeletons about trouble and fear: a storm, a quarrel, an unkind
character, a noise in the night.

These are the plots where the world's three unkind characters (Bruno the
bully, Rusty the fox, Gus the goose) act in character. Same shape as
`plots_play`: one function per skeleton, feature beats behind `teller.has`.
"""

from __future__ import annotations

from .cast import Child, character, food, place, thing, things_of
from .grammar import a, cap, number_word
from .storyteller import ACTIVITIES, PLAY_PLACES, Teller, called, companion, grown_up

# Where to hide from the rain at each play place.
SHELTERS = {
    "park": "the little hut by the gate", "garden": "the shed", "beach": "the beach hut",
    "meadow": "the old barn", "hill": "the old windmill", "forest": "the hollow tree",
}


def storm(t: Teller, m) -> None:
    pal = companion(t.rng, m)
    where = t.pick(*PLAY_PLACES)
    t.open(m)
    t.say(f"One day, {m.name} and {called(pal)} went to play {place(where).at}.")
    t.say("The sky was blue and the sun was warm.", "It was a warm day, and there was not a cloud in the sky.")
    t.say(f"They {t.pick(*ACTIVITIES[where])}.")
    t.para()
    t.say("Then the wind began to blow.", "Suddenly, the sky turned dark grey.")
    t.say("Big black clouds rolled across the sky.", "The trees began to shake, and the birds flew away.")
    if t.has("twist"):
        bruno = character("Bruno")
        t.say("Then they heard a loud noise. Boom! Boom! Boom!")
        t.speak(pal.name, "It is thunder!", f"{pal.name} thought it was thunder.", "cried")
        t.say(f"But it was not thunder at all. It was {bruno.name}, "
              f"banging on his {thing('drum').colour} drum behind a bush!")
        t.say(f"{bruno.name} laughed at them. But then the real rain began, and even {bruno.name} ran home.")
    else:
        t.say("Boom! The thunder was so loud that the ground shook, and the rain began to fall.",
              "Then came the thunder, loud and deep, and the rain poured down.")
    t.speak(m.name, f"Quick! Run to {SHELTERS[where]}!", f"{m.name} knew they had to find a dry place.", "shouted")
    t.say(f"They ran as fast as they could and hid in {SHELTERS[where]}.")
    t.say(f"{pal.name} was shaking.", f"{pal.name} was very scared of the storm.")
    t.say(f"{m.name} stayed close to {pal.him} and sang a little song.", f"{m.name} held {pal.him} close.")
    t.speak(m.name, "Do not be afraid. The storm will soon be over.",
            f"{m.name} told {pal.name} that the storm would soon be over.")
    t.para()
    if t.has("sad_ending"):
        t.say("The storm went on all afternoon.", "The rain did not stop until it was dark.")
        t.say(f"When they finally got home, they were cold and wet, and {pal.name} was sick for a whole week.",
              f"By the time they got home, they were soaking wet, and "
              f"{m.name} had lost {m.his} way twice. It was a sad, cold day.")
    else:
        t.say("Soon the rain stopped. The sun came out, and a big rainbow filled the sky.")
        t.say(f"{m.name} and {pal.name} walked home side by side, happy and safe.",
              "They laughed and jumped in the puddles all the way home.")
    t.moral(m, "it is good to stay calm when you are scared", "friends keep each other safe",
            "storms do not last forever")


def quarrel(t: Teller, m: Child) -> None:
    friend = character(m.friend)
    toy = t.pick(*(things_of(m) + things_of(friend)))
    owner = character(toy.owner)
    other = friend if owner is m else m
    grown, _ = grown_up(t.rng)
    t.open(m, skip=("friend",))
    t.say(f"{m.name} and {friend.name} were best friends.", f"{m.name} and {friend.name} did everything together.")
    t.say(f"One day, they were playing with {owner.name}'s {toy.colour} {toy.name}.")
    t.speak(other.name, "Let me have a turn!", f"{other.name} wanted a turn with the {toy.name}.")
    t.speak(owner.name, "No! It is mine!", f"But {owner.name} did not want to share.", "shouted")
    t.say(f"{other.name} grabbed the {toy.name}, and {owner.name} pulled it back.")
    t.say("They both shouted, and soon they were both very cross.")
    t.speak(other.name, "You are not my friend any more!",
            f"{other.name} said {other.he} did not want to be friends any more.", "shouted")
    t.say(f"{friend.name} went home, and {m.name} sat all alone.")
    t.para()
    t.say(f"That evening, {m.name} felt sad inside.", f"{m.name} missed {friend.name} all evening.")
    t.speak(grown, "Maybe you can say sorry.", f"{grown} said that saying sorry can help.")
    if t.has("twist"):
        pet = character(m.pet)
        t.say(f"The next morning, {called(character(friend.pet))} came "
              f"to the door with a note. It was from {friend.name}!")
        t.say(f"On the note, {friend.name} had drawn two friends "
              f"holding hands. {friend.name} wanted to say sorry first!")
        t.say(f"Even {pet.name} said {pet.sound}, as if {pet.he} was glad.")
    if t.has("sad_ending"):
        t.say(f"But {m.name} was still cross, and {m.he} did not go to see {friend.name}.")
        t.say("For a whole week, the two friends did not play together, and they were both lonely.")
    else:
        t.say(f"The next day, {m.name} went to {friend.name}'s house.")
        t.speak(m.name, f"I am sorry, {friend.name}.", f"{m.name} said sorry.")
        t.speak(friend.name, "I am sorry too. Let us take turns.", f"{friend.name} said sorry too.")
        t.say(f"They took turns with the {toy.name}, and soon they were laughing again.",
              f"After that, they always took turns with the {toy.name}.")
    t.moral(m, "saying sorry can fix a quarrel", "taking turns is fair", "good friends forgive each other")


def bully(t: Teller, m) -> None:
    # Bruno only bullies children, and never his own best friend.
    bully_child = isinstance(m, Child) and m.friend != "Bruno"
    foe = character(t.pick("Bruno", "Rusty", "Gus") if bully_child else t.pick("Rusty", "Gus"))
    t.open(m, skip=("food",))
    t.para()
    lessons = {"Bruno": _bruno, "Rusty": _rusty, "Gus": _gus}[foe.name](t, m, foe)
    t.moral(m, *lessons)


def _bruno(t: Teller, m: Child, foe: Child) -> tuple[str, ...]:
    toy = t.pick(*things_of(m))
    t.say(f"At school, there was a big boy named {foe.name}.",
          f"Near {m.name}'s house lived a big boy named {foe.name}.")
    t.say(f"{foe.name} was {number_word(foe.age)}, and he was not kind to the smaller children.")
    t.say(f"One day, {m.name} brought {m.his} {toy.colour} {toy.name} to school.")
    t.say(f"{foe.name} grabbed the {toy.name} and held it up high, where {m.name} could not reach it.")
    t.speak(foe.name, "Ha ha! It is mine now!", f"{foe.name} laughed and would not give it back.", "laughed")
    t.speak(m.name, f"Please give it back, {foe.name}. That is not kind.",
            f"{m.name} stood tall and asked {foe.name} to give it back.")
    if t.has("twist"):
        t.say(f"Then something surprising happened. {foe.name}'s face went red, and he looked at the ground.")
        t.speak(foe.name, "I am sorry. I just wanted someone to play with.", f"{foe.name} said sorry. He was lonely.")
        t.say(f"So {m.name} asked {foe.name} to play with {m.him}.")
    if t.has("sad_ending"):
        t.say(f"But {foe.name} threw the {toy.name} over the fence, and it broke.")
        t.say(f"{m.name} picked up the pieces and cried all the way home.")
    else:
        t.say(f"{m.friend} came and stood next to {m.name}, and so did the teacher.",
              f"Then the teacher came over, and {foe.name} gave back the {toy.name}.")
        t.say(f"{m.name} was glad that {m.he} had been brave.")
    return ("it is brave to stand up to someone unkind", "friends stand together", "a bully can learn to be kind")


def _rusty(t: Teller, m, foe) -> tuple[str, ...]:
    treat = food(m.food)
    t.say(f"One day, {m.name} was walking {place('forest').at} with {treat.portion}.")
    t.say(f"Behind a tree, {called(foe)} was watching. He was sly, and he was hungry.")
    t.speak(foe.name, f"Hello, friend! Give me your {treat.name}, and I "
                      f"will show you a place with lots more {treat.name}.",
            f"{foe.name} said that if {m.name} gave him the "
            f"{treat.name}, he would show {m.him} a place with lots more.")
    t.say(f"{m.name} thought about it. Rusty was smiling, but his eyes were not kind.")
    if t.has("twist"):
        owl = character("Olly")
        t.say(f"Then {called(owl)} flew down from a branch. {owl.name} "
              f"said {owl.sound} and whispered that Rusty always told lies.")
    if t.has("sad_ending"):
        t.say(f"But {m.name} gave {foe.name} the {treat.name} anyway. {foe.name} "
              f"ate {treat.them} all in one bite and ran away laughing.")
        t.say(f"There was no secret place at all. {m.name} walked home hungry and sad.")
    else:
        t.speak(m.name, "No, thank you. I do not believe you.", f"{m.name} said no.")
        t.say(f"{foe.name} growled and ran off into the trees.",
              f"{foe.name} saw that his trick had not worked, and he ran away.")
        t.say(f"{m.name} went home and shared the {treat.name} with {m.his} friends instead.")
    return ("you should not listen to tricks", "a smile is not always a kind one", "it is wise to say no to a trick")


def _gus(t: Teller, m, foe) -> tuple[str, ...]:
    t.say(f"One day, {m.name} went {place('lake').to}.", f"One sunny day, {m.name} went for a walk {place('lake').at}.")
    t.say(f"By the water lived {called(foe)}. He was a grumpy goose who did not like visitors.")
    t.speak(foe.name, f"{cap(foe.sound)}! {cap(foe.sound)}! Go away!",
            f"{foe.name} honked loudly and flapped his wings.", "honked")
    t.say(f"{foe.name} chased {m.name} all the way to the wooden bridge.")
    if t.has("twist"):
        bread = food(foe.food)
        t.say(f"Then {m.name} remembered that {foe.name} loved {bread.name}. There was {bread.one} in {m.his} pocket!")
        t.say(f"{m.name} threw it to {foe.name}. {foe.name} stopped, ate it, and for the first time he did not honk.")
        t.say(f"Maybe {foe.name} had just been hungry.")
    if t.has("sad_ending"):
        t.say(f"{m.name} ran so fast that {m.he} slipped and fell into the mud.")
        t.say(f"{m.he} went home wet, muddy and sad, and {m.he} did not want to go back to the lake again.")
    elif "twist" in t.used:
        t.say(f"From that day on, {m.name} always brought {foe.food} for "
              f"{foe.name}, and {foe.name} never chased {m.him} again.")
    else:
        t.say(f"Then {m.name} stopped running. {m.he} turned around and stood very still.")
        t.speak(m.name, "Please stop. I only want to walk by the lake.", f"{m.name} asked {foe.name} to stop.")
        t.say(f"{foe.name} was so surprised that he stopped and waddled away.")
    return ("it is brave to stand up to someone unkind", "a grumpy friend may just be hungry",
            "running away is not always the answer")


def night_noise(t: Teller, m) -> None:
    makers = ["Olly", "Fred"] + ([m.pet] if isinstance(m, Child) else [])
    maker = character(t.pick(*[n for n in makers if n != m.name]))
    t.open(m)
    bed = "in bed" if isinstance(m, Child) else f"in {m.his} warm bed"
    t.say(f"One night, {m.name} was {bed}. It was very dark and very quiet.")
    if t.has("twist"):
        t.say("Then there was a strange noise outside. Scratch, scratch, scratch!")
    else:
        t.say(f"Then {m.he} heard a strange noise outside: {cap(maker.sound)}! {cap(maker.sound)}!")
    t.say(f"{m.name} pulled the blanket over {m.his} head.", f"{m.name} was scared. Was it a monster?")
    t.speak(m.name, "Who is there?", f"{m.name} wondered who was there.", "whispered")
    t.say("Nobody answered, but the noise came again.", "The noise came again, louder this time.")
    t.para()
    t.say(f"{m.name} was scared, but {m.he} wanted to be brave.", f"{m.name} took a deep breath.")
    if isinstance(m, Child):
        t.say(f"{m.he} took a little lamp and looked out of the window.")
    else:
        t.say(f"{m.he} crept to the door and looked outside.")
    if "twist" in t.used:
        fox = character("Rusty")
        t.say(f"It was not a monster. It was {called(fox)}, trying to "
              f"open the door of the hen house! He wanted the {fox.food}.")
        t.say(f"{m.name} shouted as loud as {m.he} could, and {fox.name} ran back to the forest.")
    else:
        perch = "on a branch" if maker.kind == "owl" else "on the garden wall"
        t.say(f"It was only {called(maker)}, sitting {perch}!",
              f"There, {perch}, sat {a(maker.kind)}. It was {maker.name}!")
        t.say(f"{maker.name} said {maker.sound} again, as if {maker.he} wanted to say hello.")
    if t.has("sad_ending"):
        t.say(f"But even after that, {m.name} could not sleep. The next day, {m.he} was very tired and grumpy.")
    else:
        t.say(f"{m.name} smiled and got back into bed. Soon {m.he} was fast asleep.",
              f"{m.name} laughed. Soon {m.he} was fast asleep.")
    t.moral(m, "things in the dark are often not as scary as they seem", "it is good to be brave",
            "a strange noise is often a friend")
