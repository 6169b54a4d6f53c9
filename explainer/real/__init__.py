"""Real small models from a local Hugging Face folder: GPT-2 and GPT-NeoX (Pythia).

A folder as `save_pretrained` or `huggingface-cli download` leaves it (config.json,
model.safetensors or shards with model.safetensors.index.json, tokenizer.json) is read into
our own inspectable `GPT` (explainer/model.py), whose config says what the architecture does
differently, so every view, the trace and the shelf work unchanged. The `transformers`
package is never imported here: the tests use it only as the reference the logits, attention
patterns and logit lens are compared with. Nothing is downloaded; pickled weights are refused.

    from explainer.real import load_hf_folder
    lm = load_hf_folder("models/pythia-70m")     # or a folder of step0, step1000, ... revisions
    lm.info.title, lm.info.architecture, lm.info.parameters, lm.timeline
"""
from __future__ import annotations

from pathlib import Path

from .load import HFInfo, HFLoadedModel, folder_kind, load_single
from .revisions import RevisionPoint, load_revisions

__all__ = ["HFInfo", "HFLoadedModel", "RevisionPoint", "folder_kind", "load_hf_folder"]


def load_hf_folder(path: str | Path, device: str = "cpu") -> HFLoadedModel:
    """A Hugging Face folder, or a folder of one model's revisions (the newest is loaded; the others
    are its timeline, `lm.timeline`, each read from disk only when shown)."""
    folder = Path(path)
    return load_revisions(folder, device) if folder_kind(folder) == "revisions" else load_single(folder, device)
