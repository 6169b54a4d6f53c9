"""Model files that can be trusted: safetensors weights, a JSON description, atomic saves.

A checkpoint is a folder:
    model.json                      config, tokenizer hash, step, metrics, provenance, file names
    weights-<sha>.safetensors       the tensors (never pickle: reading a model must not run code)
    tokenizer-<hash>.json           the tokenizer the model was trained with
`model.json` is written last, by atomic rename, and names the other files by content,
so an interrupted save leaves the previous checkpoint whole and readable.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from math import prod
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load as st_load
from safetensors.torch import save as st_save

from .atomic import atomic_write_bytes, atomic_write_text
from .config import GPTConfig, json_type
from .errors import CheckpointError
from .model import GPT
from .safe_files import (
    MAX_HEADER_BYTES,
    MAX_JSON_BYTES,
    MAX_TOKENIZER_BYTES,
    parse_json,
    read_inside,
    safetensors_header,
)
from .tokenizer import Tokenizer, TokenizerError
from .weights import SAFETENSORS_FLOAT_TYPES, check_names_and_shapes, expected_shapes, model_from_state, saved_state

FORMAT = "explainer-checkpoint"
VERSION = 1
ASSETS = Path(__file__).resolve().parent.parent / "assets"
MODELS = ASSETS / "models"
# Bounds checked before anything is built: this app runs small models on a laptop, and a
# description asking for more is a mistake or an attack, not a model to try.
CONFIG_LIMITS = {"vocab_size": 1_000_000, "block_size": 8192, "n_layer": 64, "n_head": 64, "n_embd": 8192}
MAX_PARAMETERS = 300_000_000  # 1.2 GB in float32

_CONTENT_NAMED = re.compile(r"^[A-Za-z_]+-[0-9a-f]{16}\.\w+$")
__all__ = ["CheckpointError", "CheckpointInfo", "LoadedModel", "load_checkpoint", "save_checkpoint"]


@dataclass
class CheckpointInfo:
    config: GPTConfig
    tokenizer_hash: str
    step: int = 0
    metrics: dict = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)  # what model.json names: weights, tokenizer, timeline, ...


@dataclass
class LoadedModel:
    model: GPT
    tokenizer: Tokenizer
    info: CheckpointInfo
    path: Path


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def save_checkpoint(folder: str | Path, model: GPT, tokenizer: Tokenizer, *, step: int = 0,
                    metrics: dict | None = None, provenance: dict | None = None,
                    dtype: torch.dtype = torch.float32, extra_files: dict[str, bytes] | None = None) -> Path:
    """Write a checkpoint; `extra_files` (name -> bytes) are stored beside it and listed in model.json."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    weights = st_save(saved_state(model, dtype))
    weights_name = f"weights-{sha256_bytes(weights)[:16]}.safetensors"
    tokenizer_name = f"tokenizer-{tokenizer.hash}.json"
    if not (folder / weights_name).exists():
        atomic_write_bytes(folder / weights_name, weights)
    if not (folder / tokenizer_name).exists():
        tokenizer.save(folder / tokenizer_name)
    files = {"weights": weights_name, "tokenizer": tokenizer_name}
    for name, data in (extra_files or {}).items():
        stored = f"{Path(name).stem}-{sha256_bytes(data)[:16]}{Path(name).suffix}"
        if not (folder / stored).exists():
            atomic_write_bytes(folder / stored, data)
        files[name] = stored
    meta = {
        "format": FORMAT, "version": VERSION, "config": model.config.to_dict(),
        "tokenizer_hash": tokenizer.hash, "step": step, "metrics": metrics or {},
        "provenance": provenance or {}, "dtype": str(dtype).removeprefix("torch."),
        "files": files, "weights_sha256": sha256_bytes(weights),
    }
    atomic_write_text(folder / "model.json", json.dumps(meta, indent=2, sort_keys=True))  # the commit point
    for old in folder.iterdir():  # content-named files of earlier saves that model.json no longer names
        if old.is_file() and _CONTENT_NAMED.match(old.name) and old.name not in files.values():
            old.unlink()
    return folder


def resolve(name_or_path: str | Path) -> Path:
    """A bundled model's name ("base") or a folder path."""
    path = Path(name_or_path)
    if path.is_dir() or path.suffix or "/" in str(name_or_path):
        return path
    bundled = MODELS / str(name_or_path)
    if bundled.is_dir():
        return bundled
    known = sorted(p.name for p in MODELS.iterdir() if p.is_dir()) if MODELS.is_dir() else []
    raise CheckpointError(f"no model named {name_or_path!r}; bundled models: {', '.join(known) or 'none'}")


# model.json's fields and the JSON type each must have; everything else in it is ignored
_META_FIELDS = {"config": dict, "tokenizer_hash": str, "step": int, "metrics": dict, "provenance": dict,
                "files": dict, "weights_sha256": str}


def read_meta(folder: Path) -> dict:
    """model.json, read safely and checked field by field, so a wrong type is a refusal in words."""
    if not folder.is_dir():
        raise CheckpointError(f"{folder} is not a model folder (a model is a folder holding model.json)")
    if not (folder / "model.json").exists() and not (folder / "model.json").is_symlink():
        raise CheckpointError(f"{folder} holds no model.json: it is not an explainer model")
    meta_path = folder / "model.json"
    meta = parse_json(read_inside(folder, "model.json", "description (model.json)", MAX_JSON_BYTES), str(meta_path))
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise CheckpointError(f"{meta_path} is not an explainer model description (foreign file)")
    if meta.get("version") != VERSION:
        raise CheckpointError(f"{meta_path} has format version {meta.get('version')!r}; this app reads {VERSION}")
    for key, kind in _META_FIELDS.items():
        value = meta.setdefault(key, {dict: {}, int: 0}.get(kind))
        if not isinstance(value, kind) or isinstance(value, bool):
            raise CheckpointError(f"{meta_path} is damaged: {key} is {json_type(value)}, "
                                  f"not {'an object' if kind is dict else kind.__name__}")
    if not all(isinstance(v, str) for v in meta["files"].values()):
        raise CheckpointError(f"{meta_path} is damaged: files must name each file with a string")
    return meta


def read_config(folder: Path, meta: dict) -> GPTConfig:
    try:
        config = GPTConfig.from_dict(meta["config"])
    except (TypeError, ValueError) as exc:
        raise CheckpointError(f"{folder}/model.json has an invalid config: {exc}") from None
    for name, limit in CONFIG_LIMITS.items():
        if getattr(config, name) > limit:
            raise CheckpointError(f"{folder}/model.json asks for {name} = {getattr(config, name):,}; this app "
                                  f"opens models up to {limit:,} (it is for small models)")
    c = config
    approx = c.vocab_size * c.n_embd + c.block_size * c.n_embd + c.n_layer * 12 * c.n_embd ** 2
    if approx > MAX_PARAMETERS:
        raise CheckpointError(f"{folder}/model.json describes a model of about {approx / 1e6:,.0f} M parameters; "
                              f"this app opens models up to {MAX_PARAMETERS / 1e6:,.0f} M (it is for small models)")
    return config


def read_file(folder: Path, meta: dict, key: str, limit: int) -> bytes:
    """A file model.json names under `key`, read only from inside the folder."""
    return read_inside(folder, meta["files"].get(key), f"{key} file", limit)


def weights_limit(config: GPTConfig) -> int:
    """The most bytes a weights file for this config can hold: every tensor in float32, plus a header."""
    return 8 + MAX_HEADER_BYTES + 4 * sum(prod(s) for s in expected_shapes(config).values())


def load_weights(data: bytes, source: str, config: GPTConfig | None = None) -> dict[str, torch.Tensor]:
    """Parse safetensors bytes; anything else (a pickle, a zip, garbage) is refused unread. With a
    config, names, shapes and types are checked from the header before a single tensor is made."""
    header = safetensors_header(data, source)
    for name, entry in header.items():
        if name != "__metadata__" and entry["dtype"] not in SAFETENSORS_FLOAT_TYPES:
            raise CheckpointError(f"{source}: {name} is stored as {entry['dtype']}; model weights must be "
                                  "float32, float16 or bfloat16")
    if config is not None:
        check_names_and_shapes({k: tuple(e["shape"]) for k, e in header.items() if k != "__metadata__"},
                               config, source)
    try:
        return st_load(data)
    except (SafetensorError, ValueError, RuntimeError) as exc:
        raise CheckpointError(f"{source} is not a safetensors weights file ({exc}); refusing to read it") from None


def load_weights_and_metadata(data: bytes, source: str) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    """Any safetensors file of ours (weights, timeline, training state) and its string metadata."""
    header = safetensors_header(data, source)
    try:
        tensors = st_load(data)
    except (SafetensorError, ValueError, RuntimeError) as exc:
        raise CheckpointError(f"{source} is not a safetensors file ({exc}); refusing to read it") from None
    metadata = header.get("__metadata__", {})
    return tensors, metadata if isinstance(metadata, dict) else {}


def load_checkpoint(name_or_path: str | Path, device: str = "cpu") -> LoadedModel:
    """A model folder as an inspection model (eval mode, no gradients), its tokenizer and description.
    Every refusal is a CheckpointError with words; nothing is read outside the folder."""
    folder = resolve(name_or_path)
    meta = read_meta(folder)
    config = read_config(folder, meta)
    info = CheckpointInfo(config, meta["tokenizer_hash"], meta["step"], meta["metrics"], meta["provenance"],
                          dict(meta["files"]))
    try:
        text = read_file(folder, meta, "tokenizer", MAX_TOKENIZER_BYTES).decode("utf-8")
        # a real model saved as ours (a run continued from GPT-2 or Pythia) keeps its role-less tokenizer
        tokenizer = Tokenizer.from_str(text, roles=config.arch == "explainer")
    except (TokenizerError, UnicodeDecodeError) as exc:
        raise CheckpointError(f"the tokenizer of {folder} is damaged: {exc}") from None
    if tokenizer.hash != info.tokenizer_hash:
        raise CheckpointError(f"the tokenizer of {folder} does not match the one the model was trained with")
    if tokenizer.vocab_size != config.vocab_size:
        raise CheckpointError(f"tokenizer has {tokenizer.vocab_size} tokens but the model expects {config.vocab_size}")
    data = read_file(folder, meta, "weights", weights_limit(config))
    if sha256_bytes(data) != meta["weights_sha256"]:
        raise CheckpointError(f"the weights of {folder} are damaged or truncated (checksum mismatch)")
    state = load_weights(data, f"the weights of {folder}", config)
    model = model_from_state(config, state, f"the weights of {folder}")
    return LoadedModel(model.to(device), tokenizer, info, folder)
