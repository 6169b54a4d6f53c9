"""Model folders onto the shelf, with the title a person reads for each.

Every model the window opens (the bundled one at start, a folder chosen with Ctrl+O, a run that
was interrupted) goes through `put_on_shelf`, so they are named the same way everywhere: the
bundled model by its role, others by their folder, a run that did not finish with the step
where its last save stopped (`model.json` metrics["ended"] is False). A model whose weights were
trained elsewhere (GPT-2, Pythia: a Hugging Face folder, docs/real-models.md) goes on the shelf
as kind "real", so the pages that train or align the app's own models (their chats have
User:/Assistant: role tokens) never take it for their base model.
"""
from __future__ import annotations

from explainer.checkpoint import MODELS

BUNDLED_TITLES = {"base": "Bundled base model", "sft": "Bundled SFT model", "rlhf": "Bundled RLHF model",
                  "dpo": "Bundled DPO model"}
ALIGNED = ("sft", "rlhf", "dpo")  # the bundled aligned models, by the stage that made them
REAL = "real"  # the shelf kind of a model trained elsewhere
NOT_TRAINED_HERE = ("{title} was trained elsewhere (its weights come from a Hugging Face folder): this app trains "
                    "and aligns only its own models, whose chats have User: and Assistant: tokens {title} does not "
                    "know. Open the Train page (Ctrl+2) to train a model of your own.")


def from_elsewhere(info) -> bool:
    """Whether a model's weights were trained elsewhere and read from a Hugging Face folder (GPT-2, Pythia)."""
    return getattr(info, "provenance", {}).get("source") == "huggingface"


def describe_real(model, step: int | None = None, where: bool = True) -> str:
    """What a real model is, in one line: its name, architecture, size and (`where`) where its weights came
    from; with `step`, which of its revisions is shown."""
    from .text_format import amount
    info = model.info
    revisions = len(model.points) > 1
    at = f", revision at step {step:,} of {max(model.steps()):,}" if revisions and step is not None else ""
    return f"{model.title} ({info.architecture}, {amount(info.parameters)} parameters{', from Hugging Face' * where}{at})"


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
    kind = REAL if from_elsewhere(loaded.info) else kind
    title = title_for(loaded)
    try:
        shelf.add_loaded(loaded, key, title, kind)
        return key, ""
    except CheckpointError as exc:
        shelf.add(ShelfModel(key, title, kind, loaded.info.config, loaded.tokenizer, [],
                             saved_state(loaded.model), loaded.info.step, loaded.info, loaded.path))
        return key, f"Its training timeline could not be read ({exc}); only its final weights are shown."


def put_bundled_base(shelf) -> list[str]:
    """The bundled base model onto the shelf when it holds no pretrained model of this app (a window opened
    on a real model: the Compare and Align pages start from ours); a note if it could not be read."""
    from explainer.checkpoint import load_checkpoint
    from explainer.errors import CheckpointError
    if any(m.kind == "pretrained" for m in shelf.models.values()) or not (MODELS / "base").is_dir():
        return []
    try:
        put_on_shelf(shelf, load_checkpoint(MODELS / "base"), key="base")
    except CheckpointError as exc:
        return [f"The bundled base model could not be read: {exc}"]
    return []


def put_bundled(shelf, name: str) -> str:
    """A bundled model (assets/models/<name>) onto the shelf under its own name, if it is not there yet;
    its key. A CheckpointError says why it cannot be read."""
    from explainer.checkpoint import load_checkpoint
    if name not in shelf.models:
        put_on_shelf(shelf, load_checkpoint(MODELS / name), key=name)
    return name


def put_bundled_aligned(shelf) -> list[str]:
    """The bundled SFT, RLHF and DPO models onto the shelf (those not there yet), loaded when a
    page first needs them so the window still opens in seconds; notes on any that could not be read."""
    from explainer.errors import CheckpointError
    notes = []
    for name in ALIGNED:
        if name in shelf.models or not (MODELS / name).is_dir():
            continue
        try:
            put_bundled(shelf, name)
        except CheckpointError as exc:
            notes.append(f"The bundled {name.upper()} model could not be read: {exc}")
    return notes
