"""What `explainer align` and `explainer eval` do: the alignment pipeline and its evaluation."""
from __future__ import annotations

import json
import shlex
import sys
import time
from pathlib import Path

import torch

from ..checkpoint import CheckpointError
from ..commands import fail, train_with_progress_bar
from .recipes import STAGES, AlignRecipe

DESCRIPTIONS = {
    "sft": "fine-tune on good examples (supervised fine-tuning)",
    "reward": "train a reward model on answer pairs the simulated rater (a program) compared",
    "rlhf": "reinforcement learning against the reward model (RLOO), with a KL penalty",
    "dpo": "learn from the same pairs directly, without a reward model (DPO)",
}


def run_align(args) -> int:
    if args.threads:
        torch.set_num_threads(args.threads)
    command = shlex.join(["explainer", *args.argv])
    out = Path(args.out)
    stages = list(STAGES) if args.stage == "all" else [args.stage]
    times = {}
    for stage in stages:
        start = args.start or ("base" if stage == "sft" else str(out / "sft") if args.stage == "all" else "sft")
        reward = args.reward or (str(out / "reward") if args.stage == "all" else "reward")
        recipe = AlignRecipe(stage=stage, out=str(out / stage if args.stage == "all" else out), start=start,
                             reward=reward, steps=args.steps, minutes=args.minutes, seed=args.seed, beta=args.beta,
                             pairs=args.pairs, ratings=args.ratings, lr=args.lr, resume=args.resume,
                             examples=args.examples,
                             pairs_from=args.pairs_from or (str(out / "reward") if args.stage == "all" and
                                                           stage == "dpo" else None),
                             save_every_minutes=args.save_every, command=command)
        print(f"== {stage}: {DESCRIPTIONS[stage]}")
        t0 = time.perf_counter()
        try:
            trainer = recipe.build()
        except (CheckpointError, ValueError, KeyError, OSError) as exc:
            return fail(str(exc).strip("'\""))
        code = train_with_progress_bar(trainer)
        times[stage] = time.perf_counter() - t0
        if code:
            return code
    print("wall time: " + ", ".join(f"{s} {t / 60:.1f} min" for s, t in times.items()))
    return 0


def read_prompts(path: str):
    from .data import Request
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            out.append(Request(**json.loads(line)))
    return out


def run_eval(args) -> int:
    from ..checkpoint import load_checkpoint
    from .data import eval_prompts
    from .evaluate import evaluate, table
    if args.threads:
        torch.set_num_threads(args.threads)
    try:
        loaded = {}
        for item in args.models.split(","):
            name, _, where = item.partition("=")
            loaded[name] = load_checkpoint(where or name)
        requests = read_prompts(args.prompts) if args.prompts else eval_prompts()
    except (CheckpointError, ValueError, OSError, TypeError) as exc:
        return fail(str(exc).strip("'\""))
    hashes = {lm.tokenizer.hash for lm in loaded.values()}
    if len(hashes) != 1:
        return fail("the models were trained with different tokenizers; compare models of one family")
    tokenizer = next(iter(loaded.values())).tokenizer
    t0 = time.perf_counter()
    report = evaluate({n: lm.model for n, lm in loaded.items()}, tokenizer, requests, samples=args.samples,
                      seed=args.seed)
    if args.json:
        json.dump(report, sys.stdout)
        sys.stdout.write("\n")
    else:
        print(f"{report['prompts']} held-out prompts, {report['samples']} samples at temperature 0.8 and one greedy "
              f"answer each, judged by the simulated rater (a program); 95% bootstrap intervals over prompts "
              f"({time.perf_counter() - t0:.0f} s)")
        print(table(report))
    return 0


def run_rater_check(args) -> int:
    import torch

    from .. import load_model
    from .rater_check import check
    torch.set_num_threads(1)
    loaded = load_model(args.model)
    for line in check(loaded.model, loaded.tokenizer, n=args.prompts, seed=args.seed).lines():
        print(line)
    return 0
