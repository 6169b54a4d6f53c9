"""How often the simulated rater ties and how often it agrees with itself, measured as the reward
model's pairs are made: `explainer align rater-check`.

Each of N RL prompts is answered four times by a model (the bundled SFT model by default, at
temperature 1, as the reward stage answers them); the pair is the rater's first and last of its
noisy ranking of the different answers, as for the reward model. Reported: the share of pairs whose
two answers score the same (a tie: the rater says they are equally good, as a labeller may, and the
reward model does not learn from them), and self-agreement, the chance that two independent asks of
the rater give the same answer about a pair: p^2 + (1 - p)^2 with p its Bradley-Terry probability
on a pair that does not tie, 1 on a tie (it says "equally good" both times). InstructGPT's labellers
agreed with each other 73% of the time (Ouyang et al. 2022).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..sampling import SamplerSettings
from .chat import sample_answers
from .data import rl_prompts
from .rater import TEMPERATURE, Rater


@dataclass(frozen=True)
class RaterCheck:
    pairs: int
    ties: float  # share of pairs whose answers score the same
    agreement: float  # expected self-agreement over all pairs, "equally good" being an answer too
    agreement_coin: float  # the same if a tie were a coin toss (as this rater did before it said "equal")
    agreement_decided: float  # over the pairs that do not tie: the ones the reward model learns from
    mean_margin: float  # points between the two answers of a pair

    def lines(self) -> list[str]:
        return [f"pairs: {self.pairs} (best and worst of the different answers among four, as the reward model's)",
                f"ties: {self.ties:.0%} of pairs score the same (the rater says: equally good; not learned from)",
                f"self-agreement over all pairs: {self.agreement:.0%} ({self.agreement_coin:.0%} if a tie were a coin "
                f"toss); over the pairs that do not tie: {self.agreement_decided:.0%} (InstructGPT's labellers: 73%)",
                f"mean margin: {self.mean_margin:.2f} points (temperature {TEMPERATURE} points)"]


def agreement(margin: float, temperature: float = TEMPERATURE) -> float:
    """The chance two independent Bradley-Terry choices between answers `margin` points apart agree."""
    p = 1.0 / (1.0 + math.exp(-abs(margin) / temperature))
    return p * p + (1 - p) * (1 - p)


def check(model, tokenizer, n: int = 400, answers: int = 4, seed: int = 0) -> RaterCheck:
    requests = rl_prompts()[:n]
    texts = [r.text for r in requests]
    runs = [sample_answers(model.eval(), tokenizer, texts, SamplerSettings(temperature=1.0), seed=seed + i)
            for i in range(answers)]
    rater = Rater(seed=seed)
    margins = []
    for i, request in enumerate(requests):
        different = list({run[i].tokens: run[i] for run in runs}.values())
        if len(different) < 2:
            continue  # four times the same answer: nothing to compare
        order, verdicts = rater.rank(request, [s.answer(tokenizer) for s in different])
        margins.append(verdicts[order[0]].score - verdicts[order[-1]].score)
    decided = [m for m in margins if m != 0]
    ties = 1 - len(decided) / len(margins)
    return RaterCheck(pairs=len(margins), ties=ties,
                      agreement=sum(agreement(m) for m in decided) / len(margins) + ties,
                      agreement_coin=sum(agreement(m) for m in margins) / len(margins),
                      agreement_decided=sum(agreement(m) for m in decided) / max(1, len(decided)),
                      mean_margin=sum(abs(m) for m in margins) / len(margins))
