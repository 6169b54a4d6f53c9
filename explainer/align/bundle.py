"""Copy a trained model folder into `assets/models` the way it ships: without its resume state,
with a shorter timeline, and with a note of where it came from.

    python -m explainer.align.bundle /tmp/final/sft assets/models/sft --steps 0,30,100,300
    python -m explainer.align.bundle /tmp/final/reward assets/models/reward --steps none

Why: a run folder keeps the optimiser's state for an exact resume (about 50 MB for our model)
and a timeline point every log-spaced step (2.2 MB each); the app needs neither all of them nor
the resume state, and everything under `assets/` must stay small. The weights, the tokenizer
and the other files the run wrote (a reward model's head and its pairs) are copied unchanged.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import torch

from ..checkpoint import load_checkpoint, read_meta, save_checkpoint
from ..safe_files import read_inside
from ..train.timeline import load_timeline, timeline_to_bytes

TIMELINE = "timeline.safetensors"


def bundle(source: str | Path, dest: str | Path, steps: list[int] | None) -> Path:
    """`steps`: the timeline points to keep (the last one is always kept); None: no timeline."""
    lm = load_checkpoint(source)
    extra = {name: read_inside(lm.path, stored, name, 500_000_000)
             for name, stored in lm.info.files.items() if name not in ("weights", "tokenizer", TIMELINE)}
    if steps is not None:
        points, curve = load_timeline(lm)
        if points:
            keep = set(steps) | {points[-1].step}
            extra[TIMELINE] = timeline_to_bytes([p for p in points if p.step in keep], curve)
    stored = read_meta(lm.path).get("dtype", "float32")
    dtype = {"float16": torch.float16, "bfloat16": torch.bfloat16}.get(stored, torch.float32)  # as it was saved
    provenance = {**lm.info.provenance, "bundled_from": str(lm.path),
                  "bundled_timeline_steps": "none" if steps is None else ",".join(map(str, steps))}
    return save_checkpoint(dest, lm.model, lm.tokenizer, step=lm.info.step, metrics=lm.info.metrics,
                           provenance=provenance, dtype=dtype, extra_files=extra)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source")
    ap.add_argument("dest")
    ap.add_argument("--steps", default="0,30,100,300", help="timeline steps to keep, or 'none'")
    args = ap.parse_args(argv)
    steps = None if args.steps == "none" else [int(s) for s in args.steps.split(",") if s]
    out = bundle(args.source, args.dest, steps)
    size = sum(p.stat().st_size for p in out.iterdir() if p.is_file())
    print(f"{out}: {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
