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
from .rules import CRITERIA


class RaterChecks:
    def __init__(self, tokenizer: Tokenizer, n: int = 48) -> None:
        self.tokenizer = tokenizer
        self.requests = eval_prompts()[:n]
        self.rater = Rater()

    def measure(self, model: GPT) -> dict[str, float]:
        answers = sample_answers(model, self.tokenizer, [r.text for r in self.requests], SamplerSettings(greedy=True),
                                 max_new=48)
        verdicts = [self.rater.judge(r, a.answer(self.tokenizer)) for r, a in zip(self.requests, answers)]
        out = {f"rater/{c}": sum(v.passed[c] for v in verdicts) / len(verdicts) for c in CRITERIA}
        out["rater/all"] = sum(v.all for v in verdicts) / len(verdicts)
        return out
