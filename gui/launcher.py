"""The `explainer` console command: the window when run bare, the engine's commands otherwise.

Lives in `gui` because dependencies point one way (gui -> explainer): the engine's
command line knows nothing of Qt, and Qt is only imported when the window opens.
"""
from __future__ import annotations

import sys


def open_app(args) -> int:
    from .app import run_app
    return run_app(model=getattr(args, "model", "base"))


def export(args) -> int:
    from .talk.render import run
    return run(args.talk, args.out, args.size, args.scenes)


def main(argv: list[str] | None = None) -> int:
    from explainer.cli import main as cli_main
    return cli_main(argv, open_app=open_app, export=export)


if __name__ == "__main__":
    sys.exit(main())
