"""Model folders onto the shelf, with the title a person reads for each.

Every model the window opens (the bundled one at start, a folder chosen with Ctrl+O, a run that
was interrupted) goes through `put_on_shelf`, so they are named the same way everywhere: the
bundled model by its role, others by their folder, a run that did not finish with the step
where its last save stopped (`model.json` metrics["ended"] is False).
"""
from __future__ import annotations

from explainer.checkpoint import MODELS

BUNDLED_TITLES = {"base": "Bundled base model", "sft": "Bundled SFT model", "rlhf": "Bundled RLHF model",
                  "dpo": "Bundled DPO model"}
ALIGNED = ("sft", "rlhf", "dpo")  # the bundled aligned models, by the stage that made them


def title_for(loaded) -> str:
    path, info = loaded.path, loaded.info
    bundled = path.parent.resolve() == MODELS.resolve() and path.name in BUNDLED_TITLES
    title = BUNDLED_TITLES[path.name] if bundled else f"{path.name}"
    if info.metrics.get("ended") is False:
        title += f" (interrupted at step {info.step:,})"
    return title


def put_on_shelf(shelf, loaded, key: str | None = None) -> tuple[str, str]:
    """Add a loaded model (`explainer.checkpoint.LoadedModel`) with its timeline; (key, a note or "").
    A damaged timeline does not keep the model from being explored: it comes without one, and
    the note says why."""
    from explainer.errors import CheckpointError
    from explainer.shelf import ShelfModel
    from explainer.weights import saved_state
    bundled = loaded.path.parent.resolve() == MODELS.resolve()
    key = key or (loaded.path.name if bundled and loaded.path.name not in shelf.models else shelf.new_key("model"))
    stage = loaded.info.provenance.get("stage")
    kind = stage if stage in ALIGNED else "run" if "ended" in loaded.info.metrics and not bundled else "pretrained"
    title = title_for(loaded)
    try:
        shelf.add_loaded(loaded, key, title, kind)
        return key, ""
    except CheckpointError as exc:
        shelf.add(ShelfModel(key, title, kind, loaded.info.config, loaded.tokenizer, [],
                             saved_state(loaded.model), loaded.info.step, loaded.info, loaded.path))
        return key, f"Its training timeline could not be read ({exc}); only its final weights are shown."


def put_bundled_aligned(shelf) -> list[str]:
    """The bundled SFT, RLHF and DPO models onto the shelf (those not there yet), loaded when a
    page first needs them so the window still opens in seconds; notes on any that could not be read."""
    from explainer.checkpoint import load_checkpoint
    from explainer.errors import CheckpointError
    notes = []
    for name in ALIGNED:
        if name in shelf.models or not (MODELS / name).is_dir():
            continue
        try:
            put_on_shelf(shelf, load_checkpoint(MODELS / name), key=name)
        except CheckpointError as exc:
            notes.append(f"The bundled {name.upper()} model could not be read: {exc}")
    return notes
