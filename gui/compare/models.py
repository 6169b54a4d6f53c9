"""Which models the Compare page shows: the bundled ones, a folder of aligned models, or the shelf's.

Qt-free. `bundled_models` is what `python -m gui.compare` opens: the bundled base model and
the bundled aligned models that exist (sft, rlhf, dpo), or those of a folder given instead
(`--models /tmp/al3` while the aligned models are not bundled yet). `shelf_models` is what the
main window passes: one inspection copy per role from its `ModelShelf`.
"""
from __future__ import annotations

from pathlib import Path

ROLES = ("base", "sft", "rlhf", "dpo")
ALIGNED_KINDS = ("sft", "rlhf", "dpo")


def bundled_models(folder: str | Path | None = None) -> tuple[dict, object, list[str]]:
    """({name: GPT in eval mode}, tokenizer, notes on what was not found)."""
    from explainer import CheckpointError, load_model
    loaded = {"base": load_model("base")}
    notes = []
    for name in ALIGNED_KINDS:
        where = Path(folder) / name if folder is not None else name
        try:
            loaded[name] = load_model(str(where))
        except CheckpointError as exc:
            notes.append(f"{name}: {exc}")
    tokenizer = loaded["base"].tokenizer
    for name, lm in loaded.items():
        if lm.tokenizer.hash != tokenizer.hash:
            raise ValueError(f"the {name} model uses another tokenizer than the base model")
    return {name: lm.model.eval() for name, lm in loaded.items()}, tokenizer, notes


def shelf_models(shelf) -> tuple[dict, object]:
    """The shelf's base model and the newest model of each aligned kind, as inspection copies."""
    keys = {"base": "base"} if "base" in shelf.models else {}
    for key, model in shelf.models.items():
        if model.kind == "pretrained":
            keys.setdefault("base", key)
        elif model.kind in ALIGNED_KINDS:
            keys[model.kind] = key  # the newest of a kind wins
    if "base" not in keys:
        raise LookupError("the shelf has no base model to compare with")
    tokenizer = shelf.models[keys["base"]].tokenizer
    return {role: shelf.inspect(keys[role]) for role in ROLES if role in keys}, tokenizer
