"""The runs the Train page starts, described as the engine's `PretrainRecipe`s, and the words
for how far one is. Plain functions, no widgets: what the page's bar says becomes a recipe
here, and a recipe that cannot run comes back as a reason a person can act on.
"""
from __future__ import annotations

import time
from pathlib import Path

SAVE_EVERY_MINUTES = 1.0  # a run killed with the window loses at most this much
WORLD_MB = 6.0  # the tiny world a run in the window learns: made in a few seconds


def data_folder() -> Path:
    """The user's data folder, as Qt names it on each system (`QStandardPaths.AppDataLocation`)."""
    from PySide6 import QtCore
    location = QtCore.QStandardPaths.writableLocation(QtCore.QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location or Path.home() / ".explainer")


def runs_root(window) -> Path:
    """Where new runs are written: the folder chosen (Ctrl+Shift+S), else the user's data folder."""
    return Path(window.runs_dir) if window.runs_dir else data_folder() / "runs"


def new_run_folder(root: Path) -> Path:
    """`root/<date>-<time>`, with a number after it if that exists already."""
    stem = root / time.strftime("%Y%m%d-%H%M%S")
    folder, n = stem, 1
    while folder.exists():
        n += 1
        folder = stem.with_name(f"{stem.name}-{n}")
    return folder


def setup_recipe(preset_name: str, corpus, minutes: int, out: Path):
    """(recipe, "") for the run the bar describes, or (None, why not). `corpus`: a CorpusInfo or None."""
    from explainer.config import preset
    from explainer.train.recipes import PretrainRecipe
    if corpus is not None:
        block = preset(preset_name, corpus.tokenizer.vocab_size).block_size
        if min(corpus.train_tokens, corpus.val_tokens) < block + 2:
            return None, (f"{corpus.name} is too short for the {preset_name} model: it reads {block} tokens at a time "
                          "and needs more than that to learn from and to test on. Use a longer text.")
    text = f" --corpus {corpus.path}" if corpus is not None else ""
    return PretrainRecipe(out=str(out), preset=preset_name, corpus=corpus.path if corpus is not None else None,
                          own_tokenizer=corpus is not None, world_mb=WORLD_MB, minutes=minutes,
                          save_every_minutes=SAVE_EVERY_MINUTES,
                          command=f"explainer window, Train page: --preset {preset_name} --minutes {minutes}{text}"), ""


def fork_recipe(model, step: int | None, own, default_preset: str, minutes: int, out: Path):
    """(recipe, "") for a new run from `model`'s snapshot at `step` (None: its final weights), with
    the old run's preset and text (`own`: the recipe it was started with here, if any), or (None, why not)."""
    from explainer.train.presets import TRAIN_PRESETS
    from explainer.train.recipes import PretrainRecipe

    from ..common.shelf_files import NOT_TRAINED_HERE, from_elsewhere
    if from_elsewhere(model.info):  # GPT-2, Pythia: no role tokens, frozen position vectors, another world
        return None, NOT_TRAINED_HERE.format(title=model.title)
    if model.path is None or not (Path(model.path) / "model.json").exists():
        return None, f"{model.title} has no saved folder to continue from."
    provenance = model.info.provenance if model.info is not None else {}
    name = getattr(own, "preset", None) or provenance.get("preset")
    name = name if name in TRAIN_PRESETS else default_preset
    corpus = getattr(own, "corpus", None) or (provenance.get("path") if provenance.get("corpus") == "file" else None)
    at = model.latest_step if step is None else step
    return PretrainRecipe(out=str(out), preset=name, corpus=corpus, world_mb=WORLD_MB, minutes=minutes,
                          save_every_minutes=SAVE_EVERY_MINUTES, start_from=str(model.path), start_step=step,
                          command=f"explainer window, Train page: continue {model.path} from step {at} "
                                  f"for {minutes} min"), ""


def progress(snap, start_step: int, paused: bool) -> tuple[float, str]:
    """(fraction done, one line: the step, the time left, the speed, the tokens read) for a snapshot."""
    from ..common.text_format import amount, duration
    done, total = snap.step - start_step, max(snap.total_steps - start_step, 1)
    parts = [f"Step {snap.step:,} of about {snap.total_steps:,}"]
    if snap.done:
        parts = [f"Step {snap.step:,}: " + ("finished" if not snap.stopped_reason else snap.stopped_reason)]
    elif done > 0:
        parts.append(f"{duration(snap.elapsed_s * (total - done) / done)} left")
    if snap.tokens_per_s:
        parts.append(f"{amount(snap.tokens_per_s)} tokens/s")
    parts.append(f"{amount(snap.tokens_seen)} tokens read")
    if paused:
        parts.append("paused")
    return min(max(done / total, 0.0), 1.0), " · ".join(parts)
