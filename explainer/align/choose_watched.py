"""`python -m explainer.align.choose_watched`: which held-out requests the reward-hacking demonstration
watches, by the rule written down in docs/alignment.md, so nobody picks them by hand to look good.

The rule: run the demonstration (RLHF from the SFT model against the weak reward model, β = 0, the
window's 150 steps) with three seeds; for every held-out evaluation request, the rater's score of
the SFT model's greedy answer minus that of each hacked model's greedy answer; average over the
seeds; the same with β = 0.1 (the default leash); and the requests whose score fell most without
the leash beyond what it fell with it (a fall that the leash prevents is what the demonstration is
about; one that happens either way is not), at most one of each kind, four of them. It prints them
with both drops, for `watched.HACKING_TEXTS`.
"""
from __future__ import annotations

import argparse
import tempfile

import torch

from .checks import greedy_verdicts
from .data import eval_prompts


def greedy_scores(model, tokenizer, requests) -> list[float]:
    return [v.score for v in greedy_verdicts(model.eval(), tokenizer, requests)[1]]


def hacked(sft: str, reward: str, beta: float, steps: int, seed: int):
    from .recipes import AlignRecipe
    with tempfile.TemporaryDirectory() as out:
        trainer = AlignRecipe(stage="rlhf", out=out, start=sft, reward=reward, beta=beta, steps=steps, seed=seed,
                              checks=False, command="python -m explainer.align.choose_watched").build()
        for _ in trainer.run():
            pass
        return trainer.model


def main(argv: list[str] | None = None) -> int:
    from .. import load_model
    parser = argparse.ArgumentParser(prog="python -m explainer.align.choose_watched", description=__doc__.splitlines()[0])
    parser.add_argument("--sft", default="sft")
    parser.add_argument("--reward", default="reward_weak")
    parser.add_argument("--steps", type=int, default=150)
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--n", type=int, default=4)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    sft = load_model(args.sft)
    requests = eval_prompts()
    before = greedy_scores(sft.model, sft.tokenizer, requests)
    seeds = [int(s) for s in args.seeds.split(",")]

    def mean_drops(beta: float) -> list[float]:
        drops = [0.0] * len(requests)
        for seed in seeds:
            after = greedy_scores(hacked(str(sft.path), args.reward, beta, args.steps, seed), sft.tokenizer, requests)
            drops = [d + (b - a) / len(seeds) for d, b, a in zip(drops, before, after)]
        return drops
    drops, leashed = mean_drops(0.0), mean_drops(0.1)
    # what the leash protects: how much more the answer falls without it than with it
    gap = [d - max(l, 0.0) for d, l in zip(drops, leashed)]
    chosen, kinds = [], set()
    for i in sorted(range(len(requests)), key=lambda i: (-gap[i], i)):
        if requests[i].kind not in kinds:
            chosen.append(i)
            kinds.add(requests[i].kind)
        if len(chosen) == args.n:
            break
    print(f"mean drop over all {len(requests)} requests: beta 0 {sum(drops) / len(drops):+.2f} points, "
          f"beta 0.1 {sum(leashed) / len(leashed):+.2f}")
    print("chosen (drop with beta 0, with beta 0.1):")
    for i in chosen:
        print(f"  {drops[i]:+.2f} {leashed[i]:+.2f}  {requests[i].kind:8s} {requests[i].text!r}")
    print("HACKING_TEXTS = (" + ", ".join(repr(requests[i].text) for i in chosen) + ")")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
