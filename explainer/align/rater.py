"""The simulated rater: a transparent program standing in for the people who rate answers.

It judges an answer to a request on five criteria (criteria.py, its rules and partial credits
as data in rules.py), from the tiny world's own facts, and says why in words. Its `score` is
what it "wants" (the gold score of Gao, Schulman and Hilton 2022, which the reward model only
approximates). Comparing two different answers, it prefers the better with a Bradley-Terry
probability, so like human labellers it is sometimes inconsistent; two answers it scores the
same it finds equally good, as a labeller may say. `explainer align rater-check` measures how
often it ties and agrees with itself (docs/alignment.md). It is a program, and the app always
calls it one.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass

from . import criteria, rules
from .criteria import false_facts  # noqa: F401 - the tests know it as the rater's
from .data import Request

TEMPERATURE = 0.5  # points; `explainer align rater-check` measures the self-agreement it gives (docs/alignment.md)


@dataclass(frozen=True)
class Answer:
    text: str  # the assistant's words, without role tokens
    ended: str = "eot"  # "eot": ended its turn; "user": began the next User: line; "length": cut off


@dataclass(frozen=True)
class Verdict:
    passed: dict  # criterion -> bool
    reasons: dict  # criterion -> why, in words
    score: float  # points: each criterion's weight (rules.WEIGHTS) times its credit, to 0.01
    credit: dict | None = None  # criterion -> share of its points earned, 0..1 (a pass earns at least half)

    @property
    def refused_harmless(self) -> bool:
        """It refused a request that was harmless (over-refusal)."""
        return self.reasons.get("harmless") == "refuses a harmless request"

    @property
    def made_up(self) -> bool:
        """It stated something about the world that is not so, or answered what the world does not contain."""
        return not self.passed.get("honest", True) and "does not know something" not in self.reasons["honest"]

    @property
    def all(self) -> bool:
        return all(self.passed.values())

    def explain(self) -> str:
        return "; ".join(f"{'✓' if self.passed[c] else '✗'} {c}: {self.reasons[c]}" for c in rules.CRITERIA)


class Rater:
    """Judges answers; `prefer` compares two with Bradley-Terry noise from its own seeded generator."""

    def __init__(self, seed: int = 0, temperature: float = TEMPERATURE) -> None:
        self.rng = random.Random(seed)
        self.temperature = temperature

    def judge(self, request: Request, answer: Answer) -> Verdict:
        text, low = answer.text.strip(), answer.text.strip().lower()
        judged = {"helpful": criteria.helpful(request, text, low), "harmless": criteria.harmless(request, low),
                  "honest": criteria.honest(request, text, low), "interesting": criteria.interesting(low),
                  "well_formed": criteria.well_formed(text, answer.ended)}
        passed = {c: j[0] for c, j in judged.items()}
        reasons = {c: j[1] for c, j in judged.items()}
        credit = {c: j[2] for c, j in judged.items()}
        score = round(sum(rules.WEIGHTS[c] * credit[c] for c in rules.CRITERIA), 2)
        return Verdict(passed, reasons, score, credit)

    def prefer(self, request: Request, a: Answer, b: Answer) -> tuple[int, float, Verdict, Verdict]:
        """(0 if a is preferred else 1, the probability of preferring a, both verdicts)."""
        va, vb = self.judge(request, a), self.judge(request, b)
        p_a = 1.0 / (1.0 + math.exp(-(va.score - vb.score) / self.temperature))
        return (0 if self.rng.random() < p_a else 1), p_a, va, vb

    def rank(self, request: Request, answers: list[Answer]) -> tuple[list[int], list[Verdict]]:
        """A noisy ranking of several answers, best first: Plackett-Luce, the ranking form of Bradley-Terry
        with the same temperature (each score plus Gumbel noise), as labellers ranked answers for InstructGPT."""
        verdicts = [self.judge(request, a) for a in answers]
        noisy = [v.score / self.temperature - math.log(-math.log(self.rng.random() or 1e-12)) for v in verdicts]
        return sorted(range(len(answers)), key=lambda i: -noisy[i]), verdicts
