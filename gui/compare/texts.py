"""The Compare page's words: who each model is, what each part shows, and what the numbers do not say.

Written for a room that has never seen a matrix, in the pictures of the alignment story:
pretraining is reading a library (the base model knows the language of its little world,
and nothing about manners); SFT is showing it good examples; RLHF is training a pet with
ratings (a reward model learns what the ratings like, and the model is nudged towards
it); DPO learns from the same ratings directly. The rater is always called what it is: a
program standing in for the people who rate answers. Light HTML only (paragraphs, bold),
so the labels and the side panel show it as is.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from explainer.align.rules import CRITERIA, DESCRIPTIONS


@dataclass(frozen=True)
class Role:
    title: str  # the column's heading
    short: str  # one line under it
    colour: str  # its colour in the evaluation chart (Paul Tol's light scheme, gui/common/colors.py)


ROLES = {
    "base": Role("Base", "before alignment: it has only read the library", "#dddddd"),
    "sft": Role("SFT", "shown good examples", "#77aadd"),
    "rlhf": Role("RLHF", "trained like a pet, with ratings", "#ffaabb"),
    "dpo": Role("DPO", "learned from the ratings directly", "#44bb99"),
}
OTHER_COLOURS = ("#eedd88", "#bbcc33", "#99ddff", "#aaaa00")


def role(name: str, index: int = 0) -> Role:
    return ROLES.get(name.lower(), Role(name, "another model", OTHER_COLOURS[index % len(OTHER_COLOURS)]))


CRITERION_TITLES = {"helpful": "helpful", "harmless": "harmless", "honest": "honest", "interesting": "interesting",
                    "well_formed": "well-formed", "all": "all five"}

RATER = ("The rater is a <b>program</b> standing in for the people who rate answers: it checks five rules "
         "(helpful, harmless, honest, interesting, well-formed) against the facts of the tiny world.")
NO_REQUEST = ("The rater (a program) only judges requests whose right answer it knows: the held-out requests. "
              "Pick one of them (→ or Surprise me) to see its verdict on every answer.")
CRITERIA_HELP = "<br>".join(f"<b>{CRITERION_TITLES[c]}</b>: {DESCRIPTIONS[c]}" for c in CRITERIA)

CAPTIONS = {
    "answers": (
        "<b>One request, one roll of the dice, four models.</b> Base: has only read the library. SFT: was "
        "<b>shown good examples</b>. RLHF: trained <b>like a pet, with ratings</b>. DPO: <b>learned from the "
        "ratings directly</b>. Under each answer, the verdict of the rater, a <b>program</b> standing in for people."),
    "shift": (
        "<b>What did alignment change, token by token?</b> Colour: what the base model would have written there, "
        "given the same text so far. Click a token (or Shift+← →, J: the next shifted one) to see both models' "
        "guesses at that point."),
    "inside": (
        "<b>Did alignment rewire the model, or nudge it?</b> The same text through both models, floor by floor "
        "(layer 1 at the bottom); 0 = as the base model, 1 = completely different. Every number is printed."),
    "vote": (
        "<b>Which answer is best? Vote before you know who wrote it.</b> The answers are shuffled and unlabelled: "
        "press 1-4 once per vote, Enter to reveal who wrote which, beside the rater's view. Here the room is the "
        "rater, as people are for RLHF."),
    "eval": (
        "<b>One request is an anecdote; the evaluation asks hundreds.</b> Every model answered the held-out "
        "requests (wordings and characters no training set used), and the rater (a program) judged every answer."),
}

# Real models someone else trained (GPT-2, Pythia; docs/real-models.md), compared on the page instead of ours.
REAL_ANSWERS = (
    "<b>One request, one roll of the dice, models someone else trained.</b> They were never taught to chat: each "
    "<b>continues the request as plain text</b> (no User: or Assistant: tokens), so an instruction-tuned model "
    "may answer and a base model may just go on writing. The first is the one the others are compared with.")
NO_RATER_REAL = ("No rater verdict: the rater (a program) judges only this app's own models, on the requests of its "
                 "tiny world whose right answers it knows.")
NO_EVALUATION_REAL = ("The evaluation asks this app's own models its held-out chat requests and judges them with "
                      "the rater (a program); models trained elsewhere have no chat format and no verdicts here. "
                      "Press O to compare this app's models.")

EVAL_CAPTION = (
    "<b>What the numbers mean.</b> A pass rate is the share of answers that met one rule; the black line on a bar "
    "(and the range under the rate in the table) is its 95% interval: with other requests like these, the rate "
    "would most likely fall inside it. "
    "<i>Wins vs SFT</i>: how often an answer beat the SFT model's answer to the same request (a tie counts a half). "
    "<b>What they do not mean.</b> A program judged them, not people, with rules someone wrote; a model can learn to "
    "please the rules without being good (that is what “reward hacking” means). It is a small world (a few "
    "characters, a few kinds of request) and a small model (a few million numbers), so the numbers say nothing "
    "about large assistants; they show the method at work.")

PANEL_TITLE = "Before and after alignment"
PANEL_BODY = (
    "<p>Pretraining gave the base model its language: it read a library of stories and fact pages and learned to "
    "continue any text. It never learned to <b>answer</b>: asked a question, it continues with whatever usually "
    "follows, sometimes rude, sometimes invented.</p>"
    "<p><b>Alignment</b> teaches it manners, in three ways: <b>SFT</b> shows it a few hundred good examples; "
    "<b>RLHF</b> trains it like a pet with ratings (a reward model learns what the rater likes, and the model is "
    "rewarded for answers it likes); <b>DPO</b> learns from the same ratings directly, without the reward model.</p>"
    "<p>The rater here is a <b>program</b> standing in for people: it knows the tiny world's facts and five rules. "
    "It is stricter and more predictable than people, and just as easy to please by the letter of its rules.</p>")
PANEL_READING = {
    "answers": "<p>One column per model, the same request and the same seed for all. Under each answer, a ✓ or ✗ "
               "for each of the rater's five rules, and its reason in words. " + RATER + " Coloured tokens: where "
               "an aligned model left the base model's own choice (the Token shift part, S, explains the "
               "colours). Click one to look closer.</p>"
               "<p>→ / ← : the next or previous held-out request; R: a surprise; N: roll the dice again (the next "
               "seed); G: no dice at all (greedy).</p>",
    "shift": "<p>Each token of an aligned answer is coloured by where the base model ranked it at that point, "
             "given the same text so far: grey, the base model's own first choice; yellow (underlined with dots), "
             "in its top three; orange (bold, underlined), a real departure. The number under a token is that "
             "rank (#1 = the base model's favourite).</p>"
             "<p>Most tokens are grey: the aligned model writes what the base model would have written anyway. "
             "Alignment changes a few decisive tokens (the refusal, the ending, the polite words), not the whole "
             "language (Lin et al. 2024, “The Unlocking Spell on Base LLMs”). The two bar charts are both models' "
             "next-token guesses at the selected token, given the same text before it.</p>",
    "inside": "<p><b>Attention</b> (left): per layer and head, how differently the head spreads its attention "
              "over this same text. <b>Logit lens</b> (middle): at the tokens the aligned model shifted, how often "
              "each floor's guess differs from the base model's, and how far apart the two guesses are (KL; 0 = "
              "the same). <b>Weights</b> (right): how far each floor's numbers moved, as a share of their size.</p>"
              "<p>Three measurements of the same text, floor by floor. Numbers are printed in every cell, so no "
              "colour needs to be told apart. Near-zero everywhere means alignment nudged the model; large numbers "
              "high up mean it changed the last floors, where the next token is decided.</p>",
    "vote": "<p>1-4 vote, Enter reveals, Backspace starts a new vote with the answers shuffled again. The order is "
            "random, so the first answer is not always the same model.</p>",
    "eval": "<p>The table and the chart show the same numbers: pass rates per rule, with 95% intervals, and wins "
            "against the SFT model. Read the caption under them before reading much into a difference of a few "
            "percent.</p>",
}


def shift_summary(title: str, tokens: list[str], classes: tuple[str, ...]) -> str:
    """'RLHF: 2 of 23 tokens shifted (9%): “ I”, “ not”; 3 marginal; 18 the base model's own first choice.'"""
    n = len(classes)
    if not n:
        return f"<b>{html.escape(title)}</b> wrote nothing."
    shifted = [t for t, c in zip(tokens, classes) if c == "shifted"]
    marginal = classes.count("marginal")
    same = classes.count("unshifted")
    words = ", ".join(f"“{html.escape(t)}”" for t in shifted[:8]) + (", …" if len(shifted) > 8 else "")
    head = f"<b>{html.escape(title)}</b>: {len(shifted)} of {n} tokens shifted ({len(shifted) / n:.0%})"
    head += f": {words}" if shifted else ""
    return f"{head}; {marginal} in the base model's top three; {same} the base model's own first choice."
