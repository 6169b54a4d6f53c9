"""Which models the Compare page shows: the bundled ones, a folder of aligned models, or the shelf's.

Qt-free. `bundled_models` is what `python -m gui.compare` opens: the bundled base model and
the bundled aligned models that exist (sft, rlhf, dpo), or those of a folder given instead
(`--models /tmp/al3` while the aligned models are not bundled yet). `shelf_models` is what the
main window passes: one inspection copy per role from its `ModelShelf`, or, for another of
`model_sets(shelf)`, the models of that set: real models someone else trained (GPT-2, Pythia:
docs/real-models.md) that read with one tokenizer, for example a base model and its
instruction-tuned version, the first one opened being the one the others are compared with.
"""
from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class ModelSet:
    """Models the Compare page can ask side by side: they read with one tokenizer."""

    label: str  # in the page's choice of models
    keys: tuple[str, ...] = ()  # shelf keys, the first compared with the others; () for the bundled set


BUNDLED_SET = ModelSet("Base, SFT, RLHF and DPO (this app's)")


def model_sets(shelf) -> list[ModelSet]:
    """The bundled set first, then one set per tokenizer that at least two real models on the shelf share."""
    by_tokenizer: dict[str, list[str]] = {}
    for key, model in shelf.models.items():
        if model.kind == "real":
            by_tokenizer.setdefault(model.tokenizer.hash, []).append(key)
    real = [ModelSet(" vs ".join(shelf.models[k].title for k in keys), tuple(keys))
            for keys in by_tokenizer.values() if len(keys) > 1]
    return [BUNDLED_SET, *real]


def shelf_models(shelf, chosen: ModelSet = BUNDLED_SET) -> tuple[dict, object]:
    """The chosen set's models as inspection copies, by the names their columns get: the bundled set
    by role (the shelf's base model and the newest model of each aligned kind), another by title."""
    if chosen.keys:
        names: dict[str, str] = {}
        for key in chosen.keys:
            title = shelf.models[key].title
            names[title if title not in names else f"{title} ({key})"] = key
        return ({name: shelf.inspect(key) for name, key in names.items()},
                shelf.models[chosen.keys[0]].tokenizer)
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
