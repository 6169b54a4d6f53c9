"""The plain-language texts of the Train page and the timeline, for the side panel.

Same pictures as the Explore page: pretraining is the guessing game (what comes next?)
played over a huge text, and layers are the floors of a building. The texts claim only
what the page shows; where the numbers say something awkward (the bundled model's copying
score never rises), the page says so in its own words (gui/train/skill_story.py).
"""
from __future__ import annotations

from ..common.explanation import Explanation

CURVES = Explanation(
    "Learning: the guessing game, played millions of times",
    "<p>A new model is a building of empty floors: its numbers are random, and it guesses the "
    "next token blindly. <b>Pretraining</b> is the guessing game played over a huge text: the "
    "model reads a few sentences, guesses each next token, is told the right answer, and every "
    "number in it is nudged a tiny bit so that the right answer becomes a little more likely. "
    "Then the next few sentences, and again, thousands of times.</p>",
    "<p>The <b>loss</b> is how surprised the model was by the right answers, on average. It starts "
    "at the top dashed line, the surprise of guessing blindly among every token of the codebook, "
    "and falls as the model learns. It can never go below the bottom dashed line: the tiny world's "
    "own unpredictability, since some of what comes next (which name, which colour) was rolled by "
    "dice. The blue line is measured on the text the model learns from, the orange dots on text it "
    "never learns from: when the two stay together, it is learning, not memorising.</p>"
    "<p>The small plots: the <b>learning rate</b> (how big each nudge is: it warms up, then shrinks "
    "so the model settles), the <b>tokens read</b> so far, and the <b>speed</b> in tokens per second "
    "on this computer. Under them, the sentence the model writes from the same start with the same "
    "dice, kept at every step so you can read it improve.</p>",
)

SKILLS = Explanation(
    "What was learned when",
    "<p>The loss says how surprised the model is on average; it does not say what the model can "
    "<i>do</i>. So at every snapshot the same small tests are run, each a number from 0 to 1: does "
    "it write real words, in an order real text uses; does it bring back a name that appeared earlier; "
    "does it know the world's facts; does it put full stops and capitals where they go; and does one "
    "of its attention heads copy, the way a reader looks back to find what came next last time.</p>",
    "<p>Each small curve is one test across the snapshots, from the random start on the left to the "
    "end on the right; the orange line is the snapshot on the timeline. Skills are not learned all at "
    "once: the spelling of words comes first, then which words follow which, then names and facts. "
    "The sentences above the curves say what these numbers show, including what they do not.</p>",
)

COMPUTE = Explanation(
    "Compute: how much calculating learning took",
    "<p>Every token the model reads costs arithmetic: about six multiplications and additions for "
    "every number in the model (two to guess, four to work out the nudges). Multiply by the tokens "
    "read, and you have the <b>training compute</b>, counted in floating-point operations (FLOP).</p>",
    "<p>The bars are on a <b>log scale</b>: each step to the right is ten times more. This model "
    "sits on the left; the famous models are far to the right, each bar a published figure or a "
    "careful estimate (marked ≈) with its source in docs/train.md. The distance is the honest "
    "story: the same guessing game, played with many billions of times more calculating.</p>",
)

TIMELINE = Explanation(
    "The timeline: rewind the learning",
    "<p>While a model learns, copies of its numbers are kept at a few moments: very often at the "
    "start, when it changes fastest (steps 0, 10, 30, 100, 300...), and rarely later. Move the "
    "slider (or press <b>[</b> and <b>]</b>) to put one of those copies behind every view: on the "
    "Explore page you then see how that younger model guesses, where its attention heads look, "
    "and what each floor of the building makes of a word. <b>Film</b> (F) plays the copies in "
    "order, from random numbers to the end.</p>"
    "<p><b>Continue training from here</b> (Ctrl+T) starts a new run from the copy shown; the old "
    "run stays as it was, so you can try another ending.</p>",
)
