"""`python -m gui.talk render --talk NAME --out DIR` (and `explainer export`): a talk without a screen.

Opens every scene of the talk in an offscreen window as the room would see it (the narration band
on top, no menus), writes one PNG per scene and the briefing report (HTML and PDF, with captions,
alt text and provenance), and prints how long each scene took to open:
`scene setup p95: N ms` (from the key press to the scene drawn; goal <= 500 ms on 1 thread) and,
for scenes on the Compare page, when the four models' answers had arrived (they are written in
the background, so the screen never waits for them).

Builds that only move the view (steps, snapshots, sections) are done before the picture, so it
shows the scene as the presenter ends it; builds that start training are not.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

GOAL_MS = 500.0


def _percentile(values: list[float], q: float) -> float:
    """The benchmarks' nearest-rank percentile; 0 when no scene opened."""
    from ..bench.timing import percentile
    return percentile(values, q) if values else 0.0


def render_talk(talk: str, out: str | Path, width: int = 1280, height: int = 720, model: str = "base",
                only: list[int] | None = None, quiet: bool = False) -> dict:
    """Render `talk` (a built-in name or a file) into `out` in an offscreen window of its own."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ..common.screenshot_tools import open_window, start_app

    start_app()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    window = open_window(model, width, height, runs_dir=str(out / "runs"))
    if window.presenter is None:
        raise SystemExit(f"no model could be opened: {window.status()}")
    from .report_run import render_into
    result = render_into(window, talk, out, only, report=None if quiet else print)
    window.close()
    if result is None:
        raise SystemExit(window.status())
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gui.talk", description="A talk without a screen.")
    parser.add_argument("what", choices=["render"], help="render: every scene to a PNG, and the report")
    parser.add_argument("--talk", default="intro", help="a built-in talk's name or a talk file (default: intro)")
    parser.add_argument("--out", required=True, help="the folder for the PNGs and the report")
    parser.add_argument("--size", default="1280x720", help="the window's size (default 1280x720)")
    parser.add_argument("--scenes", default="", help="only these scenes, counted from 1: 1,3,5")
    args = parser.parse_args(argv)
    return run(args.talk, args.out, args.size, args.scenes, timings=True)


def run(talk: str, out: str, size: str, scenes: str = "", timings: bool = False) -> int:
    import torch
    torch.set_num_threads(1)  # as the window runs
    try:
        width, height = (int(v) for v in size.lower().split("x"))
        only = [int(s) for s in scenes.split(",") if s.strip()] or None
    except ValueError:
        print(f"--size is WIDTHxHEIGHT (1280x720) and --scenes numbers like 1,3,5; got {size!r}, {scenes!r}",
              file=sys.stderr)
        return 2
    result = render_talk(talk, out, width, height, only=only)
    for number, why in result["failed"]:
        print(f"scene {number} failed: {why}", file=sys.stderr)
    if timings:
        p95 = _percentile(result["setup_ms"], 95)
        verdict = "meets" if p95 <= GOAL_MS else "misses"
        print(f"scene setup p50: {_percentile(result['setup_ms'], 50):.0f} ms")
        print(f"scene setup p95: {p95:.0f} ms ({verdict} the goal of {GOAL_MS:.0f} ms)")
        if result["answers_ms"]:
            print(f"compare answers arrived p95: {_percentile(result['answers_ms'], 95):.0f} ms "
                  "(written in the background; the page shows them when they come)")
    print(f"scenes: {result['scenes']}")
    print(f"report: {result['html']} and {result['pdf']}")
    return 1 if result["failed"] else 0
