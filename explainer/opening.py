"""Open any model folder the app can read: one of ours, or a real model's from Hugging Face.

`load_model` is what the window's Ctrl+O, `explainer sample --model` and the benches call:
a bundled name or a folder holding model.json goes to `checkpoint.load_checkpoint` exactly as
before; a folder holding config.json (GPT-2, Pythia), or revisions of one (step0, step1000, ...),
goes to `real.load_hf_folder`. Both return a `LoadedModel` (model, tokenizer, info, path).
"""
from __future__ import annotations

from pathlib import Path

from .checkpoint import LoadedModel, load_checkpoint
from .real import folder_kind, load_hf_folder


def load_model(name_or_path: str | Path, device: str = "cpu") -> LoadedModel:
    if folder_kind(name_or_path) in ("huggingface", "revisions"):
        return load_hf_folder(name_or_path, device)
    return load_checkpoint(name_or_path, device)
