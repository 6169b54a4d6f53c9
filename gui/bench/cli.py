"""The command line of `python -m gui.bench` (see gui/bench/__init__.py)."""
from __future__ import annotations

import argparse

# `training`: 2 rounds of a headless run and one run per worker kind, 500 steps each, measured from
# step 100: under 4 minutes on 2 cores (900 steps took 6.5), still 400 steps of steady state per run.
TRAINING_STEPS = 500


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gui.bench", description="How the window keeps up.")
    parser.add_argument("what", choices=["step", "scrub", "training", "hacking"],
                        help="what to time (hacking: the reward-hacking demonstration as the window runs it)")
    parser.add_argument("--model", default="base", help="bundled model name or folder (default: base)")
    parser.add_argument("--steps", type=int, default=None,
                        help="step: timed steps per view (40); scrub: slider moves per view (40); "
                             f"training: the run's steps ({TRAINING_STEPS})")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=128, help="step: the text's length in tokens when the "
                        "timing starts (128; a model's full window when it reads fewer)")
    parser.add_argument("--preset", default="live", help="training: the preset (default live)")
    parser.add_argument("--from-step", type=int, default=100, help="training: measure from this step on (100)")
    parser.add_argument("--kinds", default="process,thread", help="training: worker kinds to try (process,thread)")
    parser.add_argument("--threads", type=int, default=1, help="training: torch threads of the worker (1)")
    parser.add_argument("--rounds", type=int, default=2, help="training: rounds of headless + each kind (2)")
    args = parser.parse_args(argv)
    if args.what == "hacking":
        from .hacking import bench_hacking
        bench_hacking()
        return 0
    if args.what == "training":
        from .training import bench_training
        bench_training(args.preset, args.steps or TRAINING_STEPS, args.from_step, args.kinds.split(","),
                       args.threads, args.model, args.rounds)
        return 0
    from .timing import report
    if args.what == "scrub":
        from .scrub import GOAL_P95_MS, bench_scrub
        report(bench_scrub(args.model, args.steps or 40, args.warmup), GOAL_P95_MS)
        return 0
    from .step import bench_step, goal_for
    report(bench_step(args.model, args.steps or 40, args.warmup, args.tokens), goal_for(args.model))
    return 0
