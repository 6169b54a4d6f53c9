"""The `explainer` command: open the app, train a model, sample from one, build the tokenizer.

    explainer                                   open the window on the bundled model
    explainer open models/gpt2                  open the window on a model folder (ours, or GPT-2, Pythia)
    explainer train --preset live --minutes 3 --out runs/live
    explainer sample --model base --prompt "Once" --seed 1
    explainer export --talk intro --out briefing/
"""
from __future__ import annotations

import argparse
import sys
from typing import Callable

DESCRIPTION = """\
Watch a small language model think and learn.

Run with no command to open the window. The commands below do the same work
from a terminal, for preparing a talk or scripting experiments."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="explainer", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    app = sub.add_parser("app", help="open the window (the same as no command)")
    app.add_argument("--model", default="base", help="bundled model name or model folder (default: base)")

    op = sub.add_parser("open", help="open the window on a model folder: one of ours, or a real model's "
                        "(GPT-2, GPT-Neo, Pythia; see docs/real-models.md)",
                        description="Open the window on a model folder: one written by `explainer train` or "
                        "`explainer align`, a Hugging Face folder (config.json, model.safetensors, tokenizer.json) "
                        "or a folder of its revisions (step0, step1000, ...). The same as `explainer app --model "
                        "PATH`, and as Ctrl+O in the window.")
    op.add_argument("path", help="the model folder")

    tr = sub.add_parser("train", help="train a model from random weights (pretraining)",
                        description="Teach a model from scratch to predict the next token of a text. "
                        "Prints a progress bar and, now and then, a sample that shows what it has learned.")
    tr.add_argument("--preset", default="live", help="model size: nano (tests), live (minutes), base (the "
                    "bundled model, about 30 minutes)")
    budget = tr.add_mutually_exclusive_group()
    budget.add_argument("--minutes", type=float, help="stop after this many minutes")
    budget.add_argument("--steps", type=int, help="stop after this many training steps")
    tr.add_argument("--corpus", help="a UTF-8 text file of your own to learn from (default: the tiny world)")
    tr.add_argument("--out", required=True, help="folder to write the model into")
    tr.add_argument("--resume", action="store_true", help="continue the run saved in --out")
    tr.add_argument("--seed", type=int, default=0, help="random seed of weights and batches (default 0)")
    tr.add_argument("--world-mb", type=float, default=6.0, help="size of the generated world corpus in MB")
    tr.add_argument("--threads", type=int, default=None, help="CPU threads for torch (default: all cores)")
    tr.add_argument("--lr", type=float, help="peak learning rate (default: the preset's)")
    tr.add_argument("--save-every", type=float, default=5.0, help="minutes between resumable saves")

    sa = sub.add_parser("sample", help="let a model write text from a prompt",
                        description="Continue a prompt, one token at a time, with the chosen sampling settings.")
    sa.add_argument("--model", default="base", help="bundled model name or model folder (default: base)")
    sa.add_argument("--prompt", default="Once upon a time", help="the text to continue")
    sa.add_argument("--seed", type=int, default=0, help="the same seed gives the same text")
    sa.add_argument("--temperature", type=float, default=0.8, help="below 1: safer choices; above 1: wilder")
    sa.add_argument("--top-k", type=int, default=0, help="choose only among the k most likely tokens (0: off)")
    sa.add_argument("--top-p", type=float, default=1.0, help="choose among the most likely tokens covering p")
    sa.add_argument("--greedy", action="store_true", help="always take the most likely token")
    sa.add_argument("--max-new", type=int, default=120, help="at most this many new tokens")

    al = sub.add_parser("align", help="alignment: fine-tune, reward model, RLHF, DPO",
                        description="Turn the base model into an assistant: sft (show good examples), reward (a "
                        "model of what the simulated rater, a program, prefers), rlhf (learn from the reward "
                        "model's ratings), dpo (learn from the rated pairs directly), or all four in order.")
    al.add_argument("stage", choices=["sft", "reward", "rlhf", "dpo", "all"])
    al.add_argument("--out", required=True, help="folder to write the model into (with all: one folder per stage)")
    al.add_argument("--from", dest="start", help="the model to start from (default: base for sft, sft after it)")
    al.add_argument("--reward", help="rlhf: the reward model to optimise (default: reward)")
    budget = al.add_mutually_exclusive_group()
    budget.add_argument("--steps", type=int, help="training steps (default: the stage's)")
    budget.add_argument("--minutes", type=float, help="stop after this many minutes")
    al.add_argument("--beta", type=float, help="rlhf: strength of the KL penalty (default 0.1; 0 lets it "
                    "wander anywhere); dpo: its beta (default 0.3)")
    al.add_argument("--pairs", type=int, default=3000, help="reward and dpo: prompts answered four times and "
                    "ranked by the simulated rater (its best and worst make a pair)")
    al.add_argument("--examples", type=int, help="sft: how many demonstrations (default: the SFT set's 400)")
    al.add_argument("--pairs-from", help="dpo: a reward model folder whose rated pairs to learn from")
    al.add_argument("--ratings", help="a ratings file (JSON lines) whose choices the reward model also learns")
    al.add_argument("--lr", type=float, help="peak learning rate (default: the stage's)")
    al.add_argument("--seed", type=int, default=0)
    al.add_argument("--threads", type=int, default=None, help="CPU threads for torch (default: all cores)")
    al.add_argument("--resume", action="store_true", help="continue the run saved in --out")
    al.add_argument("--save-every", type=float, default=5.0, help="minutes between saves")

    ev = sub.add_parser("eval", help="judge models on held-out requests (by the simulated rater, a program)",
                        description="Every model answers the held-out evaluation requests; the simulated rater "
                        "(a program) judges each answer on five criteria. Rates come with 95%% intervals.")
    ev.add_argument("--models", default="base,sft,rlhf,dpo", help="comma-separated bundled names or folders "
                    "(name=folder to name a folder)")
    ev.add_argument("--prompts", help="a JSON-lines file of requests (default: the held-out evaluation set)")
    ev.add_argument("--samples", type=int, default=4, help="answers at temperature 0.8 per prompt (plus greedy)")
    ev.add_argument("--seed", type=int, default=0)
    ev.add_argument("--threads", type=int, default=None)
    ev.add_argument("--json", action="store_true", help="print the full report as JSON")

    rc = sub.add_parser("rater", help="how often the simulated rater (a program) ties and agrees with itself",
                        description="Answer RL prompts four times with a model and let the simulated rater rank "
                        "them as for the reward model: prints how many pairs tie and its self-agreement.")
    rc.add_argument("--model", default="sft", help="the model that answers (default: the bundled sft)")
    rc.add_argument("--prompts", type=int, default=400, help="how many RL prompts (default 400)")
    rc.add_argument("--seed", type=int, default=0)

    ex = sub.add_parser("export", help="a talk's figures and briefing report (HTML, PDF), without a window",
                        description="Open every scene of a talk offscreen, write one PNG per scene and a report "
                        "with captions, alt text and provenance (report.html, report.pdf). Needs the app installed.")
    ex.add_argument("--talk", default="intro", help="a built-in talk's name or a talk file (default: intro)")
    ex.add_argument("--out", required=True, help="the folder for the PNGs and the report")
    ex.add_argument("--size", default="1280x720", help="the window's size in pixels (default 1280x720)")
    ex.add_argument("--scenes", default="", help="only these scenes, counted from 1: 1,3,5 (default: all)")

    tk = sub.add_parser("tokenizer", help="train the tokenizer on the tiny world (writes assets/tokenizer.json)")
    tk.add_argument("--out", default=None, help="where to write it (default: the shipped assets/tokenizer.json)")
    tk.add_argument("--vocab", type=int, default=2048, help="vocabulary size (default 2048)")
    tk.add_argument("--seed", type=int, default=0)
    tk.add_argument("--mb", type=float, default=6.0, help="corpus size to learn merges from")
    return parser


def main(argv: list[str] | None = None, open_app: Callable[[argparse.Namespace], int] | None = None,
         export: Callable[[argparse.Namespace], int] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    args.argv = argv  # recorded in a trained model's provenance
    if args.command == "export":  # drawn by the app's own views (Qt, offscreen): the launcher brings them
        if export is None:
            print("`explainer export` is run by the installed `explainer` command.", file=sys.stderr)
            return 2
        return export(args)
    if args.command in (None, "app", "open"):
        if open_app is None:
            print("The window is started by the installed `explainer` command or `python -m gui`.", file=sys.stderr)
            return 2
        if args.command is None:
            args.model = "base"
        elif args.command == "open":
            args.model = args.path
        return open_app(args)
    from .commands import run_sample, run_tokenizer, run_train
    handlers = {"train": run_train, "sample": run_sample, "tokenizer": run_tokenizer}
    if args.command in ("align", "eval", "rater"):
        from .align.commands import run_align, run_eval, run_rater_check
        handlers.update(align=run_align, eval=run_eval, rater=run_rater_check)
    handler = handlers[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("\nstopped.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
