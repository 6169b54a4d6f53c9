"""The rater's pass rates at every timeline point of an alignment stage, on a fixed handful of
held-out requests answered greedily: what the window draws under the alignment scrubber.
(Observation only: nothing is trained or chosen on these numbers.)"""
from __future__ import annotations

from ..model import GPT
from ..sampling import SamplerSettings
from ..tokenizer import Tokenizer
from .chat import sample_answers
from .data import eval_prompts
from .rater import Rater
from .rater_figures import HELD_OUT_N
from .rules import CRITERIA, MAX_POINTS


def greedy_verdicts(model: GPT, tokenizer: Tokenizer, requests, rater: Rater | None = None) -> tuple[list, list]:
    """(answers, verdicts): each request answered greedily (at most 48 tokens) and judged by the rater."""
    answers = sample_answers(model, tokenizer, [r.text for r in requests], SamplerSettings(greedy=True), max_new=48)
    rater = rater or Rater()
    return answers, [rater.judge(r, a.answer(tokenizer)) for r, a in zip(requests, answers)]


class RaterChecks:
    def __init__(self, tokenizer: Tokenizer, n: int = HELD_OUT_N) -> None:
        self.tokenizer = tokenizer
        self.requests = eval_prompts()[:n]
        self.rater = Rater()
        self.last_answers = []  # the answers `measure` judged last (RLHF scores them with its reward model too)

    def measure(self, model: GPT) -> dict[str, float]:
        self.last_answers, verdicts = greedy_verdicts(model, self.tokenizer, self.requests, self.rater)
        out = {f"rater/{c}": sum(v.passed[c] for v in verdicts) / len(verdicts) for c in CRITERIA}
        out["rater/all"] = sum(v.all for v in verdicts) / len(verdicts)
        out["rater/score"] = sum(v.score for v in verdicts) / MAX_POINTS / len(verdicts)
        return out
