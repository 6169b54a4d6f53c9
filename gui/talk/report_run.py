"""A talk's scenes opened one by one in a window and written out: one PNG per scene as the room sees
it, and the briefing report (gui/talk/report.py). Used by Ctrl+Shift+R in the window and by
`python -m gui.talk render` / `explainer export` offscreen (gui/talk/render.py).

Builds that only move the view (steps, snapshots, sections) are done before the picture, so it
shows the scene as the presenter ends it; builds that start work (training, playing) are not.
"""
from __future__ import annotations

import time
from pathlib import Path

STARTS_WORK = frozenset({"train_start", "align_run", "align_hack_demo", "align_retrain", "compare_evaluate", "play",
                         "film"})


def render_into(window, talk: str, out: str | Path, only: list[int] | None = None, report=None) -> dict | None:
    """Every scene of `talk` (or those numbered in `only`, from 1) opened in `window` as the room sees
    it, one PNG each, and the report; None (the reason on the status line) if the talk cannot start."""
    from PySide6 import QtWidgets

    from ..common.waiting import settle, wait_until
    from . import scene_state
    from .figures import alt_text, provenance_of
    from .report import ReportFigure, write_report

    app, out = QtWidgets.QApplication.instance(), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    presenter = window.presenter
    presenter.talk_name = talk
    loaded = presenter.load_talk(talk)
    if loaded is None or not presenter.start(0, second_screen=False, full_screen=False):
        return None
    player = presenter.player
    setup, answers, figures, failed = [], [], [], []
    for number in only or range(1, len(loaded.scenes) + 1):
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
        if report is not None:
            report(f"scene {number:2d} {setup[-1]:7.0f} ms  {scene.title}")
    presenter.leave()
    html_path, pdf_path = write_report(out, loaded.title, loaded.about, figures)
    return {"setup_ms": setup, "answers_ms": answers, "figures": figures, "failed": failed,
            "html": html_path, "pdf": pdf_path, "scenes": len(figures)}


def export_report_dialog(window) -> None:
    """Ctrl+Shift+R: the chosen talk's scenes (all, or those typed) into a folder, then back to the
    scene that was on screen."""
    from PySide6 import QtWidgets

    from . import scene_state
    folder = QtWidgets.QFileDialog.getExistingDirectory(window, "A folder for the report and its figures")
    if not folder:
        return
    scenes, ok = QtWidgets.QInputDialog.getText(window, "Which scenes", "Scenes (for example 1,3,5; empty: all):")
    if not ok:
        return
    try:
        only = [int(s) for s in scenes.split(",") if s.strip()] or None
    except ValueError:
        window.report(f"Scenes are numbers separated by commas, not {scenes!r}.")
        return
    try:
        before = scene_state.capture(window)
    except scene_state.SceneError:
        before = None  # a model no scene can name: the talk's last scene stays on screen
    result = render_into(window, window.presenter.talk_name, folder, only, report=window.report)
    if before is not None:
        scene_state.apply(window, before)
    if result is not None:
        window.report(f"The report is in {result['html']} and {result['pdf']} ({result['scenes']} figures).")


