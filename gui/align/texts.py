"""The plain-language texts of the Align page, for the side panel and the captions.

The picture throughout is the seed's: alignment is like training a pet. The model answers,
people rate, it learns to do more of what was rated well. The simulated rater is always
called what it is, a program standing in for people; numbers from a few votes say how few.
"""
from __future__ import annotations

from ..common.explanation import Explanation

RATER = "the simulated rater, a program"  # how the page names it, every time

PIPELINE = Explanation(
    "Alignment: teaching a model manners, like training a pet",
    "<p>The base model has read thousands of stories, fact pages and chats. It can answer a question, "
    "but nobody has told it which answers are good: it may make things up, or help to hurt. "
    "<b>Alignment</b> makes it an assistant that answers helpfully, kindly and truthfully, in three "
    "steps:</p>"
    "<ol><li><b>Show good answers (SFT)</b>: it reads a few hundred example conversations with good "
    "answers and learns to answer like them.</li>"
    "<li><b>Learn what people prefer</b>: it answers each question twice, someone says which answer is "
    "better, and a second model, the <b>reward model</b>, learns to predict that choice as a score.</li>"
    "<li><b>Practise against the reward (RLHF)</b>: the model answers, the reward model scores, and it "
    "does more of what scored well, like a pet given treats.</li></ol>"
    "<p><b>DPO</b> is the other road: it learns straight from the pairs of answers, with no reward "
    "model in between.</p>"
    "<p>Here the people are played by <b>" + RATER + "</b>: it checks each answer against the tiny "
    "world's facts with five rules (helpful, harmless, honest, interesting, well formed) and says why. "
    "It stands in for people so the demonstration can run in minutes; you can vote yourself in the "
    "<i>Rate it yourself</i> part.</p>",
    "<p>Choose a step with ← and →, run it with S (Space pauses, X stops), or press B to use the model "
    "that step made when the app was built. The curves show what the step is learning, each with a "
    "caption. The table below them is the same few questions answered again and again as it learns: "
    "read down a column to see the behaviour change.</p>",
)

RATE = Explanation(
    "Rate it yourself: you are the people in RLHF",
    "<p>The model answers the same question twice, with different dice. Which answer is better? Press "
    "<b>1</b> or <b>2</b>, or <b>0</b> to skip. In a room, take a show of hands and press the winner.</p>"
    "<p>Every vote is written at once to the ratings file on this computer, so nothing is lost if the "
    "app closes. After each vote you see what " + RATER + " would have chosen, and why. Press <b>T</b> "
    "to train the reward model again with your votes added (each counts three times as much as one of "
    "the program's).</p>",
    "<p>The agreement rate compares you with the program. With a handful of votes it says very little. "
    "Asked twice about the same pairs of different answers, the program gives the same verdict 90% of "
    "the time; on the 66% of pairs it does not find equally good, 84% (measured by <i>explainer rater</i> "
    "on 346 pairs; people who label answers for a living agreed with each other 73% of the time in "
    "InstructGPT).</p>",
)

INSIDE = Explanation(
    "Inside the reward model: which words earn a treat",
    "<p>The reward model reads a question and an answer and gives one number: how much people would "
    "like this answer, as far as it has learned. Higher is better; only differences matter.</p>"
    "<p>The line shows the score as the answer grows, word by word: if the answer ended here, this is "
    "what it would get. Where the line jumps up, the reward model liked that word; where it drops, it "
    "did not.</p>",
    "<p>Two answers to the same question side by side. Pick answers from the list or type your own "
    "(Ctrl+L). Try a rude word, a wrong fact, or saying the same thing twice.</p>",
)

HACKING = Explanation(
    "Reward hacking: when the proxy is not the goal",
    "<p>The reward model is only a <b>proxy</b> for what people want: it learned from a limited number "
    "of ratings, and it has blind spots. RLHF pushes the model to get the highest reward it can. Push "
    "hard enough and it finds answers the reward model scores highly but people would not like: "
    "repeating phrases, odd endings, confident nonsense.</p>"
    "<p>The demonstration trains against a <b>weak reward model</b> (trained on 28 pairs) with "
    "<b>β = 0</b>: nothing holds the model close to what it was. Watch the reward climb and, under each "
    "watched answer, the verdict of " + RATER + ". In our measured run (150 steps, about two minutes) the "
    "reward went from 0.83 to 3.09 while the rater's score on 48 held-out requests fell from 86% to 71% "
    "of its points, and all four watched answers became the same refusal. With β = 0.1 the held-out "
    "score stayed at 85% and no watched answer ended worse. The <b>KL</b> meter shows how far the model "
    "has drifted from the SFT model; β is the leash that keeps it near, which is why the penalty "
    "exists.</p>",
    "<p>For policy: optimising a measurable proxy for what people want is not the same as giving people "
    "what they want. The harder a system optimises a proxy, the more it exploits the proxy's gaps "
    "(Goodhart's law). Gao, Schulman and Hilton (2022) measured this in real language models.</p>",
)

HACK_CAPTION = ("Optimising a proxy for what people want is not the same as what people want. Measured with "
                "β = 0: the reward (the proxy) rose from 0.83 to 3.09 while the rater's score (standing in for "
                "people) fell from 86% to 71%.")
BETA_HELP = ("β: how strongly RLHF is pulled back towards the SFT model. 0 = no leash at all; the default, "
             "0.1, sat between 0.02 (the model collapsed to stock answers) and 0.2 (it barely moved) in our runs.")
