"""Open a Hugging Face model folder (or a folder of its revisions) as an inspection model.

The folder's config.json says the architecture (explainer/real/hf_config.py), its safetensors
headers are checked against it (hf_weights.py), its tokenizer.json is read with our
`Tokenizer` as another model's (no chat roles), and only then is our `GPT` built and filled,
tensor by tensor, in float32, in eval mode and without gradients, as a checkpoint of ours is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import torch

from ..checkpoint import CheckpointInfo, LoadedModel
from ..errors import CheckpointError
from ..model import GPT
from ..safe_files import MAX_JSON_BYTES, MAX_TOKENIZER_BYTES, parse_json, read_inside
from ..tokenizer import EOT, Tokenizer, TokenizerError
from ..weights import empty_model, expected_shapes
from ..train.timeline import TimelinePoint
from .hf_config import HFConfig, parse_hf_config
from .hf_weights import WeightsPlan, plan_weights

STEP_FOLDER = re.compile(r"^step(\d+)$")  # Pythia's revisions: step0, step1, ..., step143000


@dataclass
class HFInfo(CheckpointInfo):
    """What the window shows about a real model, beside what every checkpoint has."""

    title: str = ""  # the folder's name ("pythia-70m"), as a person chose it
    architecture: str = ""  # "GPT-2" or "GPT-NeoX (Pythia)"
    parameters: int = 0  # as stored, the number its model card gives (padding rows included)
    source: str = ""  # where the weights came from: the folder and file(s)
    stored_dtype: str = ""  # "float32", "float16" or "bfloat16": computed in float32 here either way
    vocab_rows: int = 0  # rows of the stored tables; more than the tokenizer's tokens when padded (Pythia)


@dataclass
class HFLoadedModel(LoadedModel):
    timeline: list[TimelinePoint] = field(default_factory=list)  # revisions, weights read when shown


def folder_kind(path: str | Path) -> str | None:
    """"explainer" (model.json), "revisions" (revisions.json or step<N> subfolders), "huggingface"
    (config.json), or None. A link counts as present here, so the reader refuses it in words."""
    path = Path(path)
    if not path.is_dir():
        return None
    here = {n: (path / n).exists() or (path / n).is_symlink() for n in ("model.json", "revisions.json", "config.json")}
    if here["model.json"]:
        return "explainer"
    if here["revisions.json"]:
        return "revisions"
    if here["config.json"]:
        return "huggingface"
    steps = (p for p in path.iterdir() if STEP_FOLDER.match(p.name) and not p.is_symlink() and p.is_dir())
    return "revisions" if any((p / "config.json").exists() for p in steps) else None


def load_single(folder: Path, device: str = "cpu") -> HFLoadedModel:
    """One Hugging Face folder; CheckpointError, in words, for everything refused."""
    hf, tokenizer, plan = check_folder(folder)
    return HFLoadedModel(build(plan).to(device), tokenizer, describe(folder, hf, tokenizer, plan), folder)


def read_hf_config(folder: Path) -> HFConfig:
    if not folder.is_dir():
        raise CheckpointError(f"{folder} is not a model folder")
    source = f"{folder}/config.json"
    return parse_hf_config(parse_json(read_inside(folder, "config.json", "description (config.json)",
                                                  MAX_JSON_BYTES), source), source)


def read_tokenizer(folder: Path, rows: int) -> Tokenizer:
    """tokenizer.json as another model's byte-level BPE; every id it can give must have a row."""
    if not ((folder / "tokenizer.json").exists() or (folder / "tokenizer.json").is_symlink()):
        raise CheckpointError(f"{folder} has no tokenizer.json. Make one elsewhere with the transformers package: "
                              "AutoTokenizer.from_pretrained(FOLDER).save_pretrained(FOLDER)")
    data = read_inside(folder, "tokenizer.json", "tokenizer", MAX_TOKENIZER_BYTES)
    try:
        tokenizer = Tokenizer.from_str(data.decode("utf-8"), roles=False)
    except (TokenizerError, UnicodeDecodeError) as exc:
        raise CheckpointError(f"the tokenizer of {folder} cannot be used: {exc}") from None
    n = tokenizer.vocab_size
    if tokenizer.eot_id is None:
        raise CheckpointError(f"the tokenizer of {folder} has no {EOT} token to end a text with")
    if set(tokenizer.hf.get_vocab(with_added_tokens=True).values()) != set(range(n)):
        raise CheckpointError(f"the tokenizer of {folder} numbers its {n:,} tokens with gaps")
    if n > rows:
        raise CheckpointError(f"the tokenizer of {folder} has {n:,} tokens but the model only {rows:,} rows")
    return tokenizer


def check_folder(folder: Path) -> tuple[HFConfig, Tokenizer, WeightsPlan]:
    """Everything but the tensors, checked: the config, the tokenizer, the weights' headers."""
    hf = read_hf_config(folder)
    tokenizer = read_tokenizer(folder, hf.config.vocab_size)
    return hf, tokenizer, plan_weights(folder, hf, tokenizer.vocab_size)


def build(plan: WeightsPlan) -> GPT:
    """Our GPT holding the planned weights, filled one tensor at a time (never two copies of the model)."""
    config = replace(plan.hf.config, vocab_size=plan.vocab)
    model = empty_model(config)  # no random numbers drawn for weights that are all overwritten next
    own, filled = model.state_dict(), set()
    with torch.no_grad():
        for name, tensor in plan.tensors():
            own[name].copy_(tensor)
            filled.add(name)
    if filled != set(expected_shapes(config)):  # every tensor must come from the file: none is left uninitialised
        raise CheckpointError(f"the weights in {plan.folder} left {sorted(set(expected_shapes(config)) - filled)[:3]} "
                              "unread")
    for p in model.parameters():
        p.requires_grad_(False)
    return model.eval()


def describe(folder: Path, hf: HFConfig, tokenizer: Tokenizer, plan: WeightsPlan, step: int = 0,
             title: str | None = None) -> HFInfo:
    files = sorted({e.file for e in plan.entries.values()})
    dtypes = sorted({plan.entries[name].dtype for m in plan.mappings.values() for name in m.theirs})
    stored = "/".join({"F32": "float32", "F16": "float16", "BF16": "bfloat16"}[d] for d in dtypes)
    return HFInfo(replace(hf.config, vocab_size=tokenizer.vocab_size), tokenizer.hash, step, {},
                  {"source": "huggingface", "architecture": hf.arch, "folder": str(folder)}, {},
                  title=title or folder.name, architecture=hf.architecture, parameters=hf.parameters,
                  source=f"{folder} ({', '.join(files)})", stored_dtype=stored, vocab_rows=hf.config.vocab_size)
