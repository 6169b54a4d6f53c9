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
from pathlib import Path

import torch
from safetensors import SafetensorError
from safetensors.torch import load as st_load
from safetensors.torch import save as st_save

from .atomic import atomic_write_bytes, atomic_write_text
from .config import GPTConfig
from .model import GPT
from .tokenizer import Tokenizer, TokenizerError

FORMAT = "explainer-checkpoint"
VERSION = 1
ASSETS = Path(__file__).resolve().parent.parent / "assets"
MODELS = ASSETS / "models"
TIED = "lm_head.weight"  # the same tensor as wte.weight; stored once


_CONTENT_NAMED = re.compile(r"^[A-Za-z_]+-[0-9a-f]{16}\.\w+$")


class CheckpointError(ValueError):
    """A model file that cannot be used, with a message a person can act on."""


@dataclass
class CheckpointInfo:
    config: GPTConfig
    tokenizer_hash: str
    step: int = 0
    metrics: dict = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)


@dataclass
class LoadedModel:
    model: GPT
    tokenizer: Tokenizer
    info: CheckpointInfo
    path: Path


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def state_for_saving(model: GPT, dtype: torch.dtype = torch.float32) -> dict[str, torch.Tensor]:
    return {k: v.detach().to("cpu", dtype).contiguous() for k, v in model.state_dict().items() if k != TIED}


def save_checkpoint(folder: str | Path, model: GPT, tokenizer: Tokenizer, *, step: int = 0,
                    metrics: dict | None = None, provenance: dict | None = None,
                    dtype: torch.dtype = torch.float32, extra_files: dict[str, bytes] | None = None) -> Path:
    """Write a checkpoint; `extra_files` (name -> bytes) are stored beside it and listed in model.json."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    weights = st_save(state_for_saving(model, dtype))
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


def read_meta(folder: Path) -> dict:
    meta_path = folder / "model.json"
    if not folder.is_dir():
        raise CheckpointError(f"{folder} is not a model folder (a model is a folder holding model.json)")
    if not meta_path.exists():
        raise CheckpointError(f"{folder} holds no model.json: it is not an explainer model")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CheckpointError(f"{meta_path} is damaged (not valid JSON: {exc})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise CheckpointError(f"{meta_path} is not an explainer model description (foreign file)")
    if meta.get("version") != VERSION:
        raise CheckpointError(f"{meta_path} has format version {meta.get('version')}; this app reads {VERSION}")
    return meta


def read_file(folder: Path, meta: dict, key: str) -> bytes:
    name = meta.get("files", {}).get(key)
    if not name or Path(name).name != name:
        raise CheckpointError(f"{folder}/model.json names no valid {key} file")
    try:
        return (folder / name).read_bytes()
    except OSError as exc:
        raise CheckpointError(f"the {key} file of {folder} is missing: {exc.strerror}") from None


def load_weights(data: bytes, source: str) -> dict[str, torch.Tensor]:
    """Parse safetensors bytes; anything else (a pickle, a zip, garbage) is refused unread."""
    try:
        return st_load(data)
    except (SafetensorError, ValueError, RuntimeError) as exc:
        raise CheckpointError(f"{source} is not a safetensors weights file ({exc}); refusing to read it") from None


def load_weights_and_metadata(data: bytes, source: str) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    """As `load_weights`, plus the string metadata stored in the file's header."""
    tensors = load_weights(data, source)  # the header is known to be valid safetensors from here on
    header = json.loads(data[8:8 + int.from_bytes(data[:8], "little")])
    return tensors, header.get("__metadata__", {})


def load_checkpoint(name_or_path: str | Path, device: str = "cpu") -> LoadedModel:
    folder = resolve(name_or_path)
    meta = read_meta(folder)
    try:
        config = GPTConfig.from_dict(meta["config"])
        info = CheckpointInfo(config, str(meta["tokenizer_hash"]), int(meta.get("step", 0)),
                              dict(meta.get("metrics", {})), dict(meta.get("provenance", {})))
    except (KeyError, TypeError, ValueError) as exc:
        raise CheckpointError(f"{folder}/model.json has an invalid config: {exc}") from None
    try:
        tokenizer = Tokenizer.from_str(read_file(folder, meta, "tokenizer").decode("utf-8"))
    except (TokenizerError, UnicodeDecodeError) as exc:
        raise CheckpointError(f"the tokenizer of {folder} is damaged: {exc}") from None
    if tokenizer.hash != info.tokenizer_hash:
        raise CheckpointError(f"the tokenizer of {folder} does not match the one the model was trained with")
    if tokenizer.vocab_size != config.vocab_size:
        raise CheckpointError(f"tokenizer has {tokenizer.vocab_size} tokens but the model expects {config.vocab_size}")
    data = read_file(folder, meta, "weights")
    if sha256_bytes(data) != meta.get("weights_sha256"):
        raise CheckpointError(f"the weights of {folder} are damaged or truncated (checksum mismatch)")
    state = load_weights(data, f"the weights of {folder}")
    model = GPT(config)
    apply_state(model, state, str(folder))
    return LoadedModel(model.to(device).eval(), tokenizer, info, folder)


def apply_state(model: GPT, state: dict[str, torch.Tensor], source: str) -> None:
    """Copy weights into `model` after checking names, shapes and values."""
    expected = {k: v for k, v in model.state_dict().items() if k != TIED}
    missing, unexpected = sorted(set(expected) - set(state)), sorted(set(state) - set(expected))
    if missing or unexpected:
        raise CheckpointError(f"{source} does not fit this model: missing {missing[:5]}, unexpected {unexpected[:5]}")
    for k, v in state.items():
        if v.shape != expected[k].shape:
            raise CheckpointError(f"{source}: {k} has shape {tuple(v.shape)}, expected {tuple(expected[k].shape)}")
        if not torch.isfinite(v).all():
            raise CheckpointError(f"{source}: {k} holds NaN or infinite values")
    with torch.no_grad():
        for k, v in state.items():
            expected[k].copy_(v.to(expected[k].dtype))
