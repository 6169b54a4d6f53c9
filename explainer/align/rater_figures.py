"""Every figure of a run that comes from the simulated rater, with the words that name it and the set of
requests it was measured on: one place, so the window, the command line and the docs say the same.

A figure's label always says its set ("48 held-out requests, greedy"), because two figures with one
name measured on different requests can move in opposite directions (in a reward-hacking run the
rater's score on the training answers and on held-out requests did) and nothing else would tell
a reader which is which. `tests/engine/test_rater_figures.py` fails if two figures share a label
but not a set, or if a run logs a rater figure that is not here.
"""
from __future__ import annotations

from dataclasses import dataclass

from .rules import CRITERIA

HELD_OUT_N = 48  # the first 48 held-out evaluation requests (explainer.align.data.eval_prompts)
HELD_OUT = f"the same {HELD_OUT_N} held-out requests, answered greedily"
BATCH = "this step's training answers (8 RL prompts, 4 answers each, sampled at temperature 1)"
WATCHED = "one watched request, answered greedily"
HELD_OUT_PAIRS = "the 10% of rated pairs the reward model never learned from"


@dataclass(frozen=True)
class RaterFigure:
    what: str  # what is measured, in words
    measured_on: str  # which requests, how many, greedy or sampled

    @property
    def label(self) -> str:
        return f"{self.what} ({self.measured_on})"


FIGURES: dict[str, RaterFigure] = {
    "rater/score": RaterFigure("the rater's score, share of its points", HELD_OUT),
    "rater/all": RaterFigure("share of answers passing every rule of the rater", HELD_OUT),
    **{f"rater/{c}": RaterFigure(f"share of answers the rater finds {c.replace('_', '-')}", HELD_OUT)
       for c in CRITERIA},
    "val_reward": RaterFigure("the reward model's score", HELD_OUT),
    "batch/rater_score": RaterFigure("the rater's score, share of its points", BATCH),
    "batch/rater_all": RaterFigure("share of answers passing every rule of the rater", BATCH),
    "val_accuracy": RaterFigure("the reward model agrees with the rater's choice", HELD_OUT_PAIRS),
    "val_gold_accuracy": RaterFigure("the reward model agrees with the rater's noiseless preference", HELD_OUT_PAIRS),
}


def figure(key: str) -> RaterFigure | None:
    """The named figure of a metric key; watched answers' verdicts (`watched/<i>/...`) are per request."""
    if key.startswith("watched/"):
        _, _, part = key.split("/", 2)
        return RaterFigure("the rater's score, in points" if part == "score" else f"the rater: {part}", WATCHED)
    return FIGURES.get(key)


def is_rater_figure(key: str) -> bool:
    """A metric the rater (or the reward model standing in for it) computed."""
    return key.startswith(("rater/", "batch/rater", "watched/")) or key in ("val_reward", "val_accuracy",
                                                                               "val_gold_accuracy")
