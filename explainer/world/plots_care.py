"""Plot skeletons about caring and growing: helping an animal, a lost pet,
planting a garden, a birthday, learning something new.

Same shape as `plots_play`: one function per skeleton, beats written through a
`Teller`, feature beats behind `teller.has(...)`.
"""

from __future__ import annotations

from .cast import ANIMALS, CHILDREN, Child, character, food, owner_of, place
from .grammar import a, join_and, number_word
from .storyteller import PLAY_PLACES, SPOTS, Teller, called, grown_up, pick_other

# Skills a child can learn: (to do it, how it goes wrong, how it goes right).
SKILLS = (
    ("ride a bike", "wobbled and fell off", "rode all the way to the end of the street"),
    ("swim", "splashed and sank and had to stand up", "swam all the way across the pool"),
    ("read a book", "mixed up the words", "read a whole page without any help"),
    ("whistle", "blew and blew, but only air came out", "whistled a little song"),
    ("tie a shoe", "made a big knot", "tied a neat bow"),
    ("climb a tree", "slipped off the first branch", "climbed up high and waved from the top"),
    ("jump with a skipping rope", "got the rope stuck on a foot", "jumped ten times without stopping"),
)

# Where an animal can be in trouble, and how a child helps. Only small
# animals that climb or fly get stuck in trees.
CLIMBERS = ("cat", "bird", "parrot", "owl", "hen", "hamster", "mouse")
# Pets small enough to jump onto a party table.
SMALL_PETS = CLIMBERS + ("dog", "duck")
TROUBLES = (
    ("was stuck high up in a tree", "climbed up carefully and carried {him} down"),
    ("had a sore leg and could not walk", "wrapped {his} leg in a soft cloth"),
    ("was caught in a bush", "pulled the branches away one by one"),
    ("was lost and very far from home", "said kind words and showed {him} the way"),
)


def helping_animal(t: Teller, m: Child) -> None:
    beast = pick_other(t.rng, ANIMALS, m.pet)
    where = t.pick(*PLAY_PLACES)
    trouble, fix = t.pick(*(TROUBLES if beast.kind in CLIMBERS else TROUBLES[1:]))
    owner = owner_of(beast)
    t.open(m)
    t.say(f"One afternoon, {m.name} was walking {place(where).at}.",
          f"One day, {m.name} went for a walk {place(where).at}.")
    if t.has("dialogue"):
        t.say(f'Suddenly, {m.he} heard a little sound: "{beast.sound.capitalize()}, {beast.sound}!"')
    else:
        t.say(f"Suddenly, {m.he} heard a sad little {beast.sound}.")
    t.say(f"It was {called(beast)}! {beast.name} {trouble}.")
    t.speak(m.name, "Do not be scared. I will help you.", f"{m.name} told {beast.name} not to be scared.")
    t.say(f"{m.name} {fix.format(him=beast.him, his=beast.his)}.")
    t.say(f"{beast.name} looked up at {m.name} with big eyes.", f"{beast.name} was not scared any more.")
    t.para()
    if owner:
        t.say(f"{m.name} knew that {beast.name} belonged to {owner.name}, who lived {place(owner.home).at}.")
        t.say(f"So {m.he} took {beast.name} all the way there.", f"{m.name} carried {beast.him} all the way home.")
        t.speak(owner.name, f"Thank you for helping {beast.name}!", f"{owner.name} said thank you again and again.")
    else:
        t.say(f"{beast.name} lived {place(beast.home).at}, so {m.name} took {beast.him} {place(beast.home).to}.")
    if t.has("twist"):
        gift = food(beast.food)
        t.say(f"The next day, there was a knock at the door. It was "
              f"{beast.name}, with a present for {m.name}: {gift.portion}!")
        t.say(f"{gift.name} {gift.were} {beast.name}'s favourite food. {m.name} laughed and said thank you.")
    if t.has("sad_ending"):
        t.say(f"{m.name} was glad to help, but {m.he} was sad too. {m.he} "
              f"wished {beast.name} could stay with {m.him} forever.",
              f"That night, {m.name} felt sad. {m.he} missed {beast.name} already.")
    else:
        t.say(f"After that, {beast.name} and {m.name} were the best of friends.",
              f"Every time {m.name} saw {beast.name} after that, "
              f"{beast.name} said {beast.sound} and came to say hello.")
    t.moral(m, "we should always help animals in trouble", "being kind to animals is important",
            "a small kind act can mean a lot")


def lost_pet(t: Teller, m: Child) -> None:
    pet = character(m.pet)
    places = t.rng.sample([p for p in PLAY_PLACES], 3)
    friend = character(m.friend)
    t.open(m, skip=("pet",))
    t.say(f"Every morning, {pet.name} the {pet.kind} came to say {pet.sound} to {m.name}.",
          f"{m.name} had {a(pet.kind)} named {pet.name}, and {m.he} loved {pet.him} very much.")
    t.say(f"But one morning, {pet.name} was not there.", f"But one day, {pet.name} was gone!")
    t.speak(m.name, f"Where are you, {pet.name}?", f"{m.name} called and called, but {pet.name} did not come.",
            "called")
    t.para()
    t.say(f"{m.name} asked {friend.name} to help {m.him}.", f"{friend.name} came to help {m.name} look.")
    t.say(f"First they looked {place(places[0]).at}, but {pet.name} was not there.")
    t.say(f"Then they looked {place(places[1]).at}. No {pet.kind}!")
    t.say(f"Then {m.name} had an idea. {pet.name} loved {pet.food}!",
          f"Then {friend.name} said that {pet.name} might be hungry.")
    t.say(f"{m.name} took {food(pet.food).one} and held it out.")
    t.para()
    if t.has("twist"):
        t.say(f"Then they heard a little {pet.sound} behind them. {pet.name} had been following them all along!",
              f"When they went back home, {pet.name} was asleep in {friend.name}'s garden! {pet.he} had gone to visit.")
    else:
        t.say(f"At last they heard a little {pet.sound} {place(places[2]).at}. It was {pet.name}!",
              f"{place(places[2]).at}, they found {pet.name} {t.pick(*SPOTS[places[2]])}.")
    if t.has("sad_ending"):
        t.say(f"But {pet.name} was cold and wet, and {pet.he} had a sore leg.",
              f"But {pet.name} was hurt. {pet.he} had cut {pet.his} leg on a stone.")
        t.say(f"{m.name} carried {pet.him} home and cried. It would be "
              f"a long time before {pet.name} could run and play again.")
    else:
        t.say(f"{m.name} gave {pet.name} a big hug, and {pet.name} gobbled up the food.",
              f"{m.name} hugged {pet.name} tight. {pet.name} said {pet.sound} and ate the food.")
        t.say(f"That night, {pet.name} slept at the end of {m.name}'s bed.",
              f"{m.name} promised to always keep the gate shut.")
    t.moral(m, "we should take good care of our pets", "friends help you find what you have lost",
            "you should never stop looking")


def planting(t: Teller, m: Child) -> None:
    # Only crops that grow in one summer and count as "a few" of them.
    crops = ("carrots", "peas", "strawberries")
    crop = food(m.food if m.food in crops else t.pick(*crops))
    mine = food(m.food)
    grown, _ = grown_up(t.rng)
    t.open(m, skip=("food",))
    t.say(f"One spring morning, {grown} gave {m.name} a little bag of seeds.",
          f"In the spring, {m.name} decided to grow a garden.")
    t.speak(grown, f"These seeds will grow into {crop.name}.", f"{grown} said the seeds would grow into {crop.name}.")
    if crop is mine:
        t.say(f"{m.name} was very happy, because {crop.name} {crop.were} {m.his} favourite food.")
    t.say(f"{m.name} dug little holes in the soil and put one seed in each hole.")
    t.para()
    t.say(f"Every day, {m.he} gave the seeds some water.",
          f"{m.name} watered the seeds every morning and every evening.")
    t.say("For many days, nothing happened.", "At first, nothing grew at all.")
    t.speak(m.name, "Why are they not growing?", f"{m.name} wondered why nothing was growing.", "asked")
    t.speak(grown, "Be patient. Good things take time.", f"{grown} told {m.name} to be patient.")
    t.say(f"Then one morning, {m.name} saw little green leaves!",
          "Then, one day, tiny green leaves came up out of the soil.")
    t.para()
    if t.has("twist"):
        thief = character(t.pick("Nibbles", "Dusty") if crop.name == "carrots" else t.pick("Billy", "Pinky", "Henny"))
        t.say("But the next morning, some of the plants had been eaten! Who had done it?")
        t.say(f"{m.name} hid behind a tree and waited. Soon {called(thief)} came and started to eat the leaves.")
        t.say(f"{m.name} laughed and built a little fence around the garden.")
    if t.has("sad_ending"):
        t.say("But then the summer was very hot and dry, and the plants began to droop.")
        t.say(f"In the end, only a few {crop.name} grew, and they were very small. {m.name} was sad.")
    else:
        t.say(f"By the end of the summer, the garden was full of {crop.name}.",
              f"Soon there were more {crop.name} than {m.name} could count.")
        t.say(f"{m.name} picked them and shared them with {join_and([m.friend, grown])}.",
              f"{m.name} and {grown} ate {crop.name} for dinner, and they tasted wonderful.")
    t.moral(m, "good things take time", "if you take care of something, it will grow", "patience is worth it")


def birthday(t: Teller, m: Child) -> None:
    friend = character(m.friend)
    others = [c for c in CHILDREN if c.name not in (m.name, friend.name) and not c.unkind]
    guests = [friend.name] + [c.name for c in t.rng.sample(others, 2)]
    gift = t.pick("balloon", "jumper", "cup", "bag", "ribbon", "card")
    treat = food(m.food)
    grown, _ = grown_up(t.rng)
    t.open(m, skip=("age", "friend"))
    t.say(f"Today was a very special day. It was {m.name}'s birthday!",
          f"It was {m.name}'s birthday, and {m.he} woke up very early.")
    t.say(f"{m.name} was {number_word(m.age)} years old today.", f"Today {m.name} was {number_word(m.age)}!")
    if t.has("twist"):
        t.say(f"But nobody said happy birthday. Not {grown}, and not even "
              f"{friend.name}. {m.name} thought everyone had forgotten.")
        t.say(f"In the afternoon, {m.name} went into the garden, feeling sad.")
        t.speak("everyone", "Surprise!",
                f"All of {m.his} friends jumped out from behind the bushes and shouted surprise.", "shouted")
        t.say("They had been planning a party all along!")
    else:
        t.say(f"In the afternoon, {join_and(guests)} came to the party.",
              f"{join_and(guests)} came to {m.name}'s party.")
    t.para()
    if treat.name == "cake":
        t.say(f"{grown} had made a big cake with {number_word(m.age)} candles on it.")
    else:
        t.say(f"{grown} had made a cake with {number_word(m.age)} candles, and there {treat.were} "
              f"{treat.name} too, because {treat.name} {treat.were} {m.name}'s favourite food.")
    t.say(f"{friend.name} gave {m.name} a present. It was {a(m.favourite_colour + ' ' + gift)}!")
    t.say(f"{m.name} loved it, because {m.favourite_colour} was {m.his} favourite colour.")
    t.speak(m.name, f"Thank you, {friend.name}!", f"{m.name} gave {friend.name} a big hug.")
    t.para()
    if t.has("sad_ending"):
        pet = character(m.pet)
        if pet.kind in SMALL_PETS:
            t.say(f"But then {called(pet)} jumped onto the table, and the cake fell on the floor!")
        else:
            t.say("But when it was time to eat the cake, it slipped and fell on the floor.")
        t.say(f"Nobody could eat any cake, and {m.name} felt like crying on {m.his} own birthday.")
    else:
        t.say(f"{m.name} blew out all {number_word(m.age)} candles, and everyone sang.",
              "They played games and ate cake until the sun went down.")
        t.say(f"It was the best birthday {m.name} had ever had.")
    t.moral(m, "friends make every day special", "it is the people you love that make a party happy",
            "good friends never forget you")


def learning(t: Teller, m: Child) -> None:
    skill, oops, done = t.pick(*SKILLS)
    older = [c for c in CHILDREN if c.age > m.age and not c.unkind]
    teacher = t.pick(*older).name if older and t.rng.random() < 0.6 else grown_up(t.rng)[0]
    t.open(m)
    t.say(f"{m.name} really wanted to learn to {skill}.", f"More than anything, {m.name} wanted to {skill}.")
    if teacher in {c.name for c in CHILDREN}:
        helper = character(teacher)
        t.say(f"{helper.name} was {number_word(helper.age)}, and {helper.he} already knew how to {skill}.")
        t.say(f"So {m.name} asked {helper.name} to teach {m.him}.")
    else:
        t.say(f"So {m.name} asked {teacher} to help.")
    t.para()
    t.say(f"The first time {m.name} tried, {m.he} {oops}.")
    t.speak(m.name, "I cannot do it!", f"{m.name} felt like giving up.", "cried")
    t.speak(teacher, "Try again. It is hard for everyone at first.",
            f"{teacher} said that everyone finds it hard at first.")
    t.say(f"So {m.name} tried again. And again. And again.",
          f"{m.name} tried again the next day, and the day after that.")
    if t.has("twist"):
        t.say(f"Then {teacher} told {m.name} a secret. When {teacher} "
              f"was little, it had taken a very long time to learn too!")
    t.para()
    if t.has("sad_ending"):
        t.say(f"{m.name} tried all week, but {m.he} still could not {skill}.")
        t.say(f"{m.he} went to bed feeling sad and tired.",
              f"{m.he} sat down and cried, and did not want to try any more.")
    else:
        t.say(f"Then, one morning, {m.name} {done}!")
        t.speak(m.name, "I did it!", f"{m.name} shouted with joy.", "shouted")
        t.say(f"{teacher} clapped and cheered.", f"{m.name} felt very proud of {m.himself}.")
    t.moral(m, "practice makes things easier", "you should never give up", "it is fine to make mistakes when you learn")
