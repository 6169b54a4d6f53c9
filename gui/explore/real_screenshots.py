"""`python -m gui.explore.real_screenshots --model PATH`: the Explore views of a real model, in docs/screenshots.

A model read from a Hugging Face folder (docs/real-models.md) in each of the six views, at
1280 x 720 with the normal text size, as `real_<name>_<view>.png` (`--name`, default gpt2):
the pictures docs/real-models.md shows, taken on a random-weight model of GPT-2 small's exact
shape (12 layers x 12 heads, 50,257 tokens), so they show the layout at that size, not what
a trained GPT-2 writes. `--only position` takes one view (docs/real-models.md shows Pythia's
position view, which has no position vector). Run under Xvfb, as every screenshot script
(gui/common/screenshot_tools.py):

    xvfb-run -a -s "-screen 0 1920x1080x24" python -m gui.explore.real_screenshots --model /tmp/gpt2-small-random
    xvfb-run -a -s "-screen 0 1920x1080x24" python -m gui.explore.real_screenshots --model /tmp/pythia-70m-shape \
        --name pythia --only position
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..common.screenshot_tools import open_window, save_png, start_app

# Long enough (about 110 tokens with GPT-2's codebook) that what scales shows: pooled attention thumbnails,
# a lens over the last positions only, the neurons' floors in pages
STORY = ("Once upon a time, in a small town by the sea, there lived an old fisherman and his wife. Every morning "
         "he rowed out before the sun came up, and every evening she waited for him on the rocks with a lantern. "
         "One winter the storms lasted for weeks, the boats stayed on the sand, and the town grew quiet and hungry. "
         "Then, on the first calm morning, a little girl called")
VIEWS = (("next", "next_token"), ("grid", "attention"), ("head", "head"), ("lens", "layers"),
         ("neurons", "neurons"), ("embed", "position"))
STEPS = 16  # tokens written after the prompt, as the bundled model's pictures


def take(app, out: Path, model: str, name: str = "gpt2", only: str | None = None,
         size: tuple[int, int] = (1280, 720)) -> int:
    from explainer import SamplerSettings
    window = open_window(model, *size)
    if window.exploration is None:
        print(f"{model} could not be opened: {window.status()}", file=sys.stderr)
        return 1
    ex = window.exploration
    ex.set_settings(SamplerSettings())
    ex.set_seed(0)
    ex.set_prompt(STORY)
    for _ in range(STEPS):
        ex.step()
    for key, picture in VIEWS:
        if only not in (None, picture):
            continue
        window.views.show_view(key)
        if key == "head":
            window.views.views["head"].set_head(5, 3)
        window.report("")
        save_png(app, window, out / f"real_{name}_{picture}.png")
    window.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gui.explore.real_screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="a Hugging Face model folder (config.json, model.safetensors, "
                        "tokenizer.json)")
    parser.add_argument("--name", default="gpt2", help="the pictures' middle name: real_<name>_<view>.png")
    parser.add_argument("--out", default="docs/screenshots", help="folder for the PNGs")
    parser.add_argument("--only", choices=[picture for _, picture in VIEWS], help="take one view's picture")
    args = parser.parse_args(argv)
    return take(start_app(), Path(args.out), args.model, args.name, args.only)


if __name__ == "__main__":
    sys.exit(main())
