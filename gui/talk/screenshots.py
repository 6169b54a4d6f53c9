"""`python -m gui.talk.screenshots`: presenter mode, the presenter view, the notes and the tour in
docs/screenshots/, at 1280 × 720 and at 1920 × 1080 (where presenter mode scales the text to 150%,
as it does on a 1080-line projector). Run under Xvfb:
    xvfb-run -a -s "-screen 0 1920x1080x24" python -m gui.talk.screenshots
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

SIZES = {"": (1280, 720, 1.0), "_1080p": (1920, 1080, 1.5)}


def take(app, out: Path, talk: str, scene: int) -> int:
    from ..common.screenshot_tools import open_window, save_png, settle, wait_until
    from . import scene_state
    for suffix, (width, height, zoom) in SIZES.items():
        window = open_window("base", width, height)
        presenter = window.presenter
        presenter.talk_name = talk
        if not presenter.start(0, second_screen=True, full_screen=False):
            print(window.status(), file=sys.stderr)
            return 1
        player = presenter.player
        player.room_zoom = zoom  # what full screen on a screen of this size gives
        player.go(scene - 1)
        for _ in player.scene.builds:
            if player.scene.builds[player.built] not in ("train_start", "align_run", "align_hack_demo"):
                player.next()
        wait_until(app, lambda: scene_state.ready(window, player.scene.scene), 60)
        save_png(app, window, out / f"talk_presenter{suffix}.png")
        view = presenter.view
        view.resize(width, height)
        settle(app)
        view.refresh_copy()
        save_png(app, view, out / f"talk_presenter_view{suffix}.png")
        presenter.toggle_notes()
        save_png(app, window, out / f"talk_notes{suffix}.png")
        presenter.leave()
        window.zoom.set_factor(zoom)
        presenter.start(scene - 1, tour=True)
        settle(app)
        save_png(app, window, out / f"talk_tour{suffix}.png")
        presenter.leave()
        window.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gui.talk.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/screenshots", help="folder for the PNGs")
    parser.add_argument("--talk", default="intro")
    parser.add_argument("--scene", type=int, default=5, help="which scene to show, from 1 (default 5)")
    args = parser.parse_args(argv)
    from ..common.screenshot_tools import start_app
    return take(start_app(), Path(args.out), args.talk, args.scene)


if __name__ == "__main__":
    sys.exit(main())
