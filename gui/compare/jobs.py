"""The page's two long jobs, as plain functions a worker thread runs: no Qt here.

- `run_comparison`: every model's answer to one request with one seed, and each aligned model
  against the base (`explainer.compare.compare`), with the rater's verdict on every answer when
  the request is one of the held-out requests (the rater judges only requests it knows).
- `EvaluationJob`: `explainer.align.evaluate.evaluate` on a subset of the held-out requests, on
  copies of the models of its own (so the page's comparisons can hook the page's networks at the
  same time), counting forward passes for a rough progress and stopping at the next forward
  pass when cancelled.
"""
from __future__ import annotations

import copy
import math
import time
from dataclasses import dataclass, field

from explainer.align.chat import MAX_ANSWER_TOKENS, Sampled
from explainer.align.data import Request
from explainer.align.evaluate import evaluate
from explainer.align.rater import Rater, Verdict
from explainer.compare import Comparison, compare
from explainer.sampling import SamplerSettings

TEMPERATURE = 0.8  # the evaluation's sampled answers use it too
EVAL_SAMPLES = 4  # as `explainer eval`: four sampled answers and one greedy per request
EVAL_SEED = 0


def settings_for(greedy: bool) -> SamplerSettings:
    return SamplerSettings(greedy=True) if greedy else SamplerSettings(temperature=TEMPERATURE)


@dataclass(frozen=True)
class CompareResult:
    prompt: str
    request: Request | None  # None: a request someone typed, which the rater cannot judge
    seed: int
    greedy: bool
    comparison: Comparison
    verdicts: dict[str, Verdict] = field(default_factory=dict)  # per model, only for a known request
    seconds: float = 0.0


def base_name(models: dict) -> str:
    return "base" if "base" in models else next(iter(models))


def run_comparison(models: dict, tokenizer, prompt: str, request: Request | None, seed: int,
                   greedy: bool) -> CompareResult:
    t0 = time.perf_counter()
    comparison = compare(models, tokenizer, prompt, seed, base=base_name(models), settings=settings_for(greedy))
    verdicts = {}
    if request is not None:
        rater = Rater()
        for name, a in comparison.answers.items():  # judged as the evaluation judges: the same Answer
            verdicts[name] = rater.judge(request, Sampled(a.prompt, a.tokens, a.ended).answer(tokenizer))
    return CompareResult(prompt, request, seed, greedy, comparison, verdicts, time.perf_counter() - t0)


class Cancelled(Exception):
    """The evaluation was stopped from the page."""


class EvaluationJob:
    def __init__(self, models: dict, tokenizer, requests: list[Request], samples: int = EVAL_SAMPLES,
                 seed: int = EVAL_SEED) -> None:
        self.models = {n: copy.deepcopy(m).eval() for n, m in models.items()}  # owned by the job alone
        self.tokenizer, self.requests, self.samples, self.seed = tokenizer, requests, samples, seed
        self.cancelled = False
        self.forwards = 0
        self.started = time.perf_counter()
        for model in self.models.values():
            model.register_forward_pre_hook(self._on_forward)
        batches = math.ceil(len(requests) / 32)
        # answers: a pass per token per batch per run; the KL on the model's own answers: a pass per 64
        self.expected = len(self.models) * ((samples + 1) * batches * (MAX_ANSWER_TOKENS + 1)
                                            + math.ceil(len(requests) * (samples + 1) / 64))

    def _on_forward(self, module, args) -> None:
        if self.cancelled:
            raise Cancelled("stopped")
        self.forwards += 1

    def cancel(self) -> None:
        self.cancelled = True

    def progress(self) -> float:
        """A rough share done (answers often end early, so it may jump to the end): 0 to 0.99."""
        return min(0.99, self.forwards / max(1, self.expected))

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def run(self) -> dict:
        self.started = time.perf_counter()
        reference = "sft" if "sft" in self.models else base_name(self.models)
        report = evaluate(self.models, self.tokenizer, self.requests, self.samples, self.seed, reference=reference)
        report["source"] = f"computed in the app on {len(self.requests)} held-out requests"
        return report
