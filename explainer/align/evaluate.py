"""An honest evaluation of aligned models on held-out requests, judged by the simulated rater.

Every model answers every evaluation request (wordings and characters none of the training
sets used) a few times at temperature 0.8 and once greedily. For each criterion the pass
rate is given with a 95% bootstrap interval over prompts (answers to one prompt are not
independent, so prompts are what is resampled). Also: how often a model's answer beats the
fine-tuned (SFT) model's answer to the same prompt by the rater's noiseless score (ties
count a half), the paired difference from the SFT model on the same prompts and seeds (a paired
bootstrap: the right test for two models judged on the same prompts, which marginal intervals that
overlap are not), how often it refuses a harmless request and how often it makes a fact up, how far
it has moved from the SFT model (KL on its own answers), how varied its wording is (distinct-2) and
how long its answers are. A program judged all of this, in
a small world, of a small model: docs/alignment.md says what the numbers do and do not mean.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

import torch

from ..model import GPT
from ..sampling import SamplerSettings
from ..tokenizer import Tokenizer
from .chat import Sampled, sample_answers
from .data import Request
from .rater import Rater, Verdict
from .rules import CRITERIA
from .sequences import answer_logprobs, pad_pairs

ALL = CRITERIA + ("all",)
BOOTSTRAP = 1000


@dataclass
class ModelAnswers:
    name: str
    sampled: list[list[Sampled]]  # per prompt: its answers (samples, then greedy)
    verdicts: list[list[Verdict]]


def answers_of(model: GPT, tokenizer: Tokenizer, requests: list[Request], samples: int, seed: int) -> list[list[Sampled]]:
    texts = [r.text for r in requests]
    runs = [sample_answers(model, tokenizer, texts, SamplerSettings(temperature=0.8), seed=seed + i)
            for i in range(samples)]
    runs.append(sample_answers(model, tokenizer, texts, SamplerSettings(greedy=True), seed=seed))
    return [list(per_prompt) for per_prompt in zip(*runs)]


def bootstrap(values: list[float], seed: int = 0) -> tuple[float, list[float]]:
    """(mean, [low, high] 95% percentile interval) of per-prompt values."""
    rng = random.Random(seed)
    n = len(values)
    means = sorted(sum(values[rng.randrange(n)] for _ in range(n)) / n for _ in range(BOOTSTRAP))
    return sum(values) / n, [means[int(0.025 * BOOTSTRAP)], means[int(0.975 * BOOTSTRAP) - 1]]


def paired_bootstrap(model: list[float], reference: list[float], seed: int = 0) -> dict:
    """The mean per-prompt difference model - reference over the same prompts, with a 95% interval from
    resampling prompts (both models' values for a prompt move together: the comparison is paired, so a
    prompt that is hard for both does not widen it as it widens each model's own interval)."""
    if len(model) != len(reference) or not model:
        raise ValueError("a paired comparison needs the same prompts, at least one")
    diff, ci = bootstrap([a - b for a, b in zip(model, reference)], seed)
    return {"diff": diff, "ci95": ci, "n": len(model)}


def distinct_2(texts: list[str]) -> float:
    pairs = [p for t in texts for p in zip(t.split(), t.split()[1:])]
    return len(set(pairs)) / len(pairs) if pairs else 0.0


@torch.no_grad()
def kl_to(model: GPT, reference: GPT, sampled: list[Sampled], pad: int) -> float:
    """Mean over answers of sum log pi - log pi_ref on the model's own answers (an estimate of KL(pi || ref))."""
    rows = [(list(s.prompt), list(s.tokens)) for s in sampled if s.tokens]
    total = 0.0
    for i in range(0, len(rows), 64):
        x, y, _ = pad_pairs(rows[i:i + 64], pad, model.config.block_size)
        total += float((answer_logprobs(model, x, y)[0] - answer_logprobs(reference, x, y)[0]).sum())
    return total / max(1, len(rows))


def evaluate(models: dict[str, GPT], tokenizer: Tokenizer, requests: list[Request], samples: int = 4,
             seed: int = 0, reference: str = "sft") -> dict:
    """The report in the shape `explainer eval --json` prints."""
    rater = Rater(seed=seed)
    results = {}
    for name, model in models.items():
        sampled = answers_of(model.eval(), tokenizer, requests, samples, seed)
        verdicts = [[rater.judge(r, s.answer(tokenizer)) for s in per] for r, per in zip(requests, sampled)]
        results[name] = ModelAnswers(name, sampled, verdicts)
    report = {"prompts": len(requests), "samples": samples, "models": {}}
    ref = results.get(reference)
    for name, res in results.items():
        criteria = {}
        for c in ALL:
            rate, ci = bootstrap(per_prompt(res, c), seed)
            criteria[c] = {"rate": rate, "ci95": ci, "n": len(requests)}
        entry = {"criteria": criteria}
        entry.update(failure_rates(res, requests, seed))
        if ref is not None and name != reference:
            entry["paired_vs_sft"] = {c: paired_bootstrap(per_prompt(res, c), per_prompt(ref, c), seed) for c in ALL}
        if ref is not None:
            wins = [sum(1.0 if a.score > b.score else 0.5 if a.score == b.score else 0.0 for a, b in zip(vs, rs)) / len(vs)
                    for vs, rs in zip(res.verdicts, ref.verdicts)]
            rate, ci = bootstrap(wins, seed)
            entry["win_rate_vs_sft"] = {"rate": rate, "ci95": ci, "n": len(wins)}
            flat = [s for per in res.sampled for s in per]
            entry["kl_to_sft"] = 0.0 if name == reference else kl_to(models[name], models[reference], flat,
                                                                       tokenizer.eot_id)
        texts = [s.answer(tokenizer).text for per in res.sampled for s in per]
        entry["distinct_2"] = distinct_2(texts)
        entry["mean_length"] = sum(len(s.tokens) for per in res.sampled for s in per) / max(1, len(texts))
        kinds = {}
        for kind in sorted({r.kind for r in requests}):
            idx = [i for i, r in enumerate(requests) if r.kind == kind]
            kinds[kind] = {c: sum(sum((v.all if c == "all" else v.passed[c]) for v in res.verdicts[i])
                                  / len(res.verdicts[i]) for i in idx) / len(idx) for c in ALL}
        entry["kinds"] = kinds
        report["models"][name] = entry
    return report


def per_prompt(res: ModelAnswers, criterion: str) -> list[float]:
    """Per prompt, the share of its answers that pass `criterion` ("all": every criterion)."""
    return [sum((v.all if criterion == "all" else v.passed[criterion]) for v in vs) / len(vs) for vs in res.verdicts]


def failure_rates(res: ModelAnswers, requests: list[Request], seed: int) -> dict:
    """Two failures a policy reader asks about by name: refusing a harmless request (over-refusal, over
    the harmless requests: all but the requests to hurt) and stating what is not so (made-up facts, over
    all requests), each with its 95% interval over prompts."""
    harmless = [vs for r, vs in zip(requests, res.verdicts) if r.kind != "harm"]
    out = {}
    for key, verdicts, flag in (("over_refusal", harmless, "refused_harmless"), ("made_up", res.verdicts, "made_up")):
        values = [sum(getattr(v, flag) for v in vs) / len(vs) for vs in verdicts]
        rate, ci = bootstrap(values, seed) if values else (0.0, [0.0, 0.0])
        out[key] = {"rate": rate, "ci95": ci, "n": len(values)}
    return out


def table(report: dict) -> str:
    """The report as a plain text table, one row per model."""
    def cell(x: dict, key: str = "rate", sign: str = "") -> str:
        return f"{x[key]:{sign}6.2f} [{x['ci95'][0]:{sign}.2f},{x['ci95'][1]:{sign}.2f}]"
    extra = ("win vs sft", "over-refusal", "made-up")
    head = f"{'model':<8}" + "".join(f"{c:>20}" for c in ALL + extra) + f"{'KL':>8}{'dist-2':>8}{'len':>6}"
    rows = [f"pass rates on {report['prompts']} held-out requests, {report['samples']} sampled + 1 greedy answer each, "
            "judged by the simulated rater (a program); [95% interval over prompts]", head]
    for name, m in report["models"].items():
        cells = "".join(f"{cell(m['criteria'][c]):>20}" for c in ALL)
        win = m.get("win_rate_vs_sft")
        cells += f"{cell(win):>20}" if win else " " * 20
        cells += "".join(f"{cell(m[k]):>20}" if k in m else " " * 20 for k in ("over_refusal", "made_up"))
        rows.append(f"{name:<8}{cells}{m.get('kl_to_sft', 0.0):8.2f}{m['distinct_2']:8.2f}{m['mean_length']:6.1f}")
    paired = [(n, m["paired_vs_sft"]) for n, m in report["models"].items() if "paired_vs_sft" in m]
    if paired:
        rows += ["", "paired difference from sft on the same prompts and dice (model - sft) [95% paired interval]",
                 f"{'model':<8}" + "".join(f"{c:>20}" for c in ALL)]
        rows += [f"{n:<8}" + "".join(f"{cell(p[c], 'diff', '+'):>20}" for c in ALL) for n, p in paired]
    return "\n".join(rows)
