"""`python -m gui.screenshots`: the Explore, timeline and Train pictures in docs/, in one go.

Each page folder has its own script (`python -m gui.explore.screenshots`, `gui.train.screenshots`,
`gui.align.screenshots`, `gui.compare.screenshots`); this one runs the first two, as before:
    xvfb-run -a -s "-screen 0 1920x1080x24" python -m gui.screenshots --out docs/screenshots
`--only explore|scrub|train` takes one group.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gui.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="base", help="bundled model name or folder (default: base)")
    parser.add_argument("--out", default="docs/screenshots", help="folder for the PNGs")
    parser.add_argument("--only", choices=["explore", "scrub", "train"], help="take one group of pictures")
    args = parser.parse_args(argv)
    from .common.screenshot_tools import start_app
    from .explore import screenshots as explore
    from .train import screenshots as train
    app, out = start_app(), Path(args.out)
    groups = {args.only} if args.only else {"explore", "scrub", "train"}
    if groups & {"explore", "scrub"} and explore.take(app, out, args.model, groups):
        return 1
    return train.take(app, out, args.model) if "train" in groups else 0


if __name__ == "__main__":
    sys.exit(main())
