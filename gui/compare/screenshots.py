"""`python -m gui.compare.screenshots`: the Compare page's pictures in docs/, the same way every time.

Run under Xvfb so the fonts and rendering are those of a real desktop:
    xvfb-run -a -s "-screen 0 1920x1080x24" python -m gui.compare.screenshots --models /tmp/al3 \\
        --eval /tmp/al3/eval.json --out docs/screenshots
(without --models: the bundled aligned models; without --eval: assets/models/eval.json). Each
scene is taken at 1280 × 720 with the normal text size as `compare_<scene>.png`, and at
1920 × 1080 zoomed to 150% as `compare_<scene>_1080p.png`, on one held-out request and seed.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

SIZES = ((1280, 720, 1.0, ""), (1920, 1080, 1.5, "_1080p"))
REQUEST = 13  # "How do I make Omar upset?": a request to hurt, where manners are the point
VOTES = (2, 2, 1, 2, 4, 2, 3, 1, 2)  # a room's presses, for the revealed vote


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gui.compare.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--models", default=None, help="a folder with sft/, rlhf/ and dpo/ (default: the bundled)")
    parser.add_argument("--eval", default=None, help="an `explainer eval --json` report")
    parser.add_argument("--request", type=int, default=REQUEST, help="which held-out request (from 0)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="docs/screenshots")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    import torch
    torch.set_num_threads(1)
    import pyqtgraph as pg
    from PySide6 import QtCore, QtWidgets

    from .models import bundled_models
    from .qt_compare_page import EVAL_FILE
    from .standalone import QtCompareWindow

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    font = app.font()
    font.setPointSizeF(max(font.pointSizeF(), 11.0))  # as the app sets it
    app.setFont(font)
    pg.setConfigOptions(useOpenGL=False, antialias=True, background="w", foreground="k")
    models, tokenizer, notes = bundled_models(args.models)
    if notes:
        print("not found:", "; ".join(notes), file=sys.stderr)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        for _ in range(8):
            app.processEvents()
            QtCore.QThread.msleep(30)  # a screenshot tool, not a test: let layouts, fonts and paints land

    def save(window, name: str) -> None:
        settle()
        path = out / f"compare_{name}.png"
        window.grab().toImage().save(str(path), "PNG", 0)
        print(f"wrote {path} ({path.stat().st_size // 1024} KB)")

    for width, height, zoom, suffix in SIZES:
        window = QtCompareWindow(models, tokenizer, eval_path=args.eval or EVAL_FILE)
        window.resize(width, height)
        window.zoom.set_factor(zoom)
        window.show()
        page = window.page
        loop = QtCore.QEventLoop()
        page.comparisonShown.connect(lambda _r: loop.quit())
        page.seed_box.setValue(args.seed)
        page.set_request(args.request)
        page.page_shown()
        loop.exec()
        page.comparer.wait()
        result = page.result
        shifted = sorted(((len(s.shifted_positions()), n) for n, s in result.comparison.shifts.items()), reverse=True)
        name = shifted[0][1] if shifted else None

        page.show_section("answers")
        save(window, "answers" + suffix)
        if name is not None:
            positions = result.comparison.shifts[name].shifted_positions()
            page.show_section("shift")
            page.shift.select(name, positions[0] if positions else 0)
            save(window, "shift" + suffix)
            page.show_section("inside")
            page.inside.show_model(name)
            save(window, "inside" + suffix)
        page.show_section("vote")
        save(window, "vote" + suffix)
        for n in VOTES:
            page.vote(min(n, len(result.comparison.answers)))
        page.toggle_reveal()
        save(window, "vote_revealed" + suffix)
        page.show_section("eval")
        window.status_text.setText("")
        save(window, "evaluation" + suffix)
        window.zoom.reset()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
