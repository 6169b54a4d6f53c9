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
import time
from pathlib import Path

STARTS_WORK = frozenset({"train_start", "align_run", "align_hack_demo", "align_retrain", "compare_evaluate", "play",
                         "film"})
GOAL_MS = 500.0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))] if ordered else 0.0


def render_talk(talk: str, out: str | Path, width: int = 1280, height: int = 720, model: str = "base",
                only: list[int] | None = None, quiet: bool = False) -> dict:
    """Render `talk` (a built-in name or a file) into `out`; returns the timings and the files."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ..common.screenshot_tools import open_window, settle, start_app, wait_until
    from . import scene_state
    from .figures import alt_text, provenance_of
    from .report import ReportFigure, write_report

    app = start_app()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    window = open_window(model, width, height, runs_dir=str(out / "runs"))
    if window.presenter is None:
        raise SystemExit(f"no model could be opened: {window.status()}")
    presenter = window.presenter
    presenter.talk_name = talk
    loaded = presenter.load_talk(talk)
    if loaded is None:
        raise SystemExit(window.status())
    if not presenter.start(0, second_screen=False, full_screen=False):
        raise SystemExit(window.status())
    player = presenter.player
    setup, answers, figures, failed = [], [], [], []
    chosen = only or list(range(1, len(loaded.scenes) + 1))
    for number in chosen:
        settle(app, 2)
        began = time.perf_counter()
        if not player.go(number - 1):
            failed.append((number, window.status()))
            continue
        app.processEvents()
        window.repaint()  # drawn: what the room sees after the key press
        setup.append((time.perf_counter() - began) * 1000)
        scene = player.scene
        if not wait_until(app, lambda: scene_state.ready(window, scene.scene), 120):
            failed.append((number, "the Compare page's answers did not arrive in 2 minutes"))
        if scene.scene.page == "compare":
            answers.append((time.perf_counter() - began) * 1000)
        for action_id in scene.builds:
            if action_id not in STARTS_WORK:
                player.next()
        wait_until(app, lambda: scene_state.ready(window, scene.scene), 120)
        settle(app)
        image = f"scene-{number:02d}.png"
        window.grab().toImage().save(str(out / image), "PNG")
        figures.append(ReportFigure(scene.title, scene.narration, alt_text(window), image, provenance_of(window)))
        if not quiet:
            print(f"scene {number:2d} {setup[-1]:7.0f} ms  {scene.title}", flush=True)
    presenter.leave()
    html_path, pdf_path = write_report(out, loaded.title, loaded.about, figures)
    window.close()
    return {"setup_ms": setup, "answers_ms": answers, "figures": figures, "failed": failed,
            "html": html_path, "pdf": pdf_path, "scenes": len(figures)}


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
