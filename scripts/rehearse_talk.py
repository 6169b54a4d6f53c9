"""Rehearse a talk as a presenter would, with keys only, in the real app on a virtual screen.

Starts Xvfb, opens `explainer` on it, presses F5, then the clicker's forward key (Page Down)
once per build and once per scene, at the talk's pace, taking a screenshot of the whole screen
after every scene and noting anything the app printed. Needs Debian's xvfb, xdotool and
imagemagick (see scripts/test.sh for Qt's own libraries):

    python3 scripts/rehearse_talk.py --talk intro --minutes 15 --out /tmp/rehearsal
    python3 scripts/rehearse_talk.py --talk briefing --minutes 1 --size 1920x1080

It prints one line per scene (the time it was reached, its title, how many keys it took) and
writes rehearsal.txt and scene-NN.png into --out. A tool for people, not a test.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(cmd: list[str], env: dict, check: bool = True) -> str:
    return subprocess.run(cmd, env=env, check=check, capture_output=True, text=True).stdout.strip()


def wait_for_window(env: dict, timeout: float = 60.0) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = run(["xdotool", "search", "--name", "explainer"], env, check=False)
        if found:
            return found.splitlines()[0]
        time.sleep(0.5)
    raise SystemExit("the window did not appear within a minute")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talk", default="intro")
    parser.add_argument("--minutes", type=float, default=15.0, help="the whole run-through takes about this long")
    parser.add_argument("--size", default="1280x720")
    parser.add_argument("--out", default=tempfile.mkdtemp(prefix="rehearsal-"))
    parser.add_argument("--display", default=":97")
    args = parser.parse_args(argv)
    for tool in ("Xvfb", "xdotool", "import"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: apt-get install xvfb xdotool imagemagick")
    sys.path.insert(0, str(ROOT))
    from explainer.talks import find_talk, read_talk
    talk = read_talk(find_talk(args.talk))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, DISPLAY=args.display, EXPLAINER_SETTINGS=str(out / "settings.json"),
               QT_QPA_PLATFORM="xcb")
    xvfb = subprocess.Popen(["Xvfb", args.display, "-screen", "0", f"{args.size}x24", "-nolisten", "tcp"])
    log = open(out / "app.log", "w")
    app = None
    try:
        time.sleep(1.0)
        app = subprocess.Popen([sys.executable, "-m", "gui"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        window = wait_for_window(env)
        time.sleep(8.0)  # the model loads after the first paint
        presses = sum(len(s.builds) + 1 for s in talk.scenes)
        pace = max(0.5, args.minutes * 60 / presses)
        lines = [f"talk {talk.name}: {len(talk.scenes)} scenes, {presses} key presses, one every {pace:.1f} s"]
        print(lines[0], flush=True)
        began = time.monotonic()
        run(["xdotool", "windowactivate", "--sync", window], env, check=False)
        run(["xdotool", "key", "F5"], env)
        for number, scene in enumerate(talk.scenes, start=1):
            time.sleep(pace)
            for _ in scene.builds:  # the scene's builds, one key each
                run(["xdotool", "key", "Next"], env)
                time.sleep(pace)
            run(["import", "-window", "root", str(out / f"scene-{number:02d}.png")], env)
            line = f"{time.monotonic() - began:6.0f} s  scene {number:2d}: {scene.title} ({len(scene.builds)} builds)"
            lines.append(line)
            print(line, flush=True)
            if number < len(talk.scenes):
                run(["xdotool", "key", "Next"], env)
        run(["xdotool", "key", "b"], env)
        time.sleep(1.0)
        run(["import", "-window", "root", str(out / "blank.png")], env)
        run(["xdotool", "key", "b", "Escape"], env)
        time.sleep(1.0)
        run(["import", "-window", "root", str(out / "after-esc.png")], env)
        run(["xdotool", "key", "ctrl+q"], env)
        app.wait(timeout=60)
        lines.append(f"app exit code {app.returncode}; total {time.monotonic() - began:.0f} s")
        print(lines[-1])
        (out / "rehearsal.txt").write_text("\n".join(lines) + "\n")
        print(f"screenshots and rehearsal.txt in {out}")
        return 0 if app.returncode == 0 else 1
    finally:
        if app is not None and app.poll() is None:
            app.kill()
        xvfb.terminate()
        log.close()


if __name__ == "__main__":
    sys.exit(main())
