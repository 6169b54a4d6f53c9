"""The weight files of a Hugging Face folder, read as hostile input and in pieces.

Only safetensors (a JSON header, then raw little-endian numbers) is read; pickled files
(`pytorch_model.bin`, `.pt`, `.ckpt`) could run code when loaded and are refused with the
way to convert them. One file or shards named by `model.safetensors.index.json`, each a
plain file inside the folder (no links, pipes or devices: explainer/safe_files.py). Sizes
are checked before anything is allocated: the files together against what the config
allows, every header entry against the bytes its file really has, and a tensor is read
straight from its offsets into its own buffer, so the whole file is never in memory as bytes.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from math import prod
from pathlib import Path
from typing import Iterator

import torch

from ..errors import CheckpointError
from ..safe_files import (
    MAX_HEADER_BYTES,
    MAX_JSON_BYTES,
    UnsafeFileError,
    open_inside,
    parse_json,
    read_inside,
    safetensors_header,
)

WEIGHTS = "model.safetensors"
INDEX = "model.safetensors.index.json"
PICKLED = (".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle")
MAX_SHARDS = 256
FLOATS = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}
_ITEM_BYTES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "U64": 8, "I32": 4, "U32": 4, "I16": 2,
               "U16": 2, "I8": 1, "U8": 1, "BOOL": 1, "F8_E4M3": 1, "F8_E5M2": 1}
CONVERT = ("This app reads only safetensors weights, because loading a pickled file can run any code "
           "hidden in it. Convert the folder once, elsewhere, with the transformers package:\n"
           "    from transformers import AutoModelForCausalLM, AutoTokenizer\n"
           "    AutoModelForCausalLM.from_pretrained(FOLDER).save_pretrained(NEW_FOLDER, safe_serialization=True)\n"
           "    AutoTokenizer.from_pretrained(FOLDER).save_pretrained(NEW_FOLDER)\n"
           "then open NEW_FOLDER.")


@dataclass(frozen=True)
class Entry:
    """One stored tensor: where its bytes are (absolute offsets in its file) and what they are."""

    file: str
    dtype: str
    shape: tuple[int, ...]
    begin: int
    end: int


def shard_names(folder: Path) -> list[str]:
    """The safetensors files holding the weights; refuses pickles and folders without weights."""
    if (folder / WEIGHTS).exists() or (folder / WEIGHTS).is_symlink():
        return [WEIGHTS]
    if (folder / INDEX).exists() or (folder / INDEX).is_symlink():
        index = parse_json(read_inside(folder, INDEX, "shard index", MAX_JSON_BYTES), f"{folder}/{INDEX}")
        names = index.get("weight_map") if isinstance(index, dict) else None
        if not isinstance(names, dict) or not names or not all(isinstance(v, str) for v in names.values()):
            raise CheckpointError(f"{folder}/{INDEX} is damaged: its weight_map must name a file for each tensor")
        shards = sorted(set(names.values()))
        bad = [s for s in shards if Path(s).name != s or s in (".", "..") or not s.endswith(".safetensors")]
        if bad or len(shards) > MAX_SHARDS:
            raise UnsafeFileError(f"{folder}/{INDEX} names {bad[0] if bad else f'{len(shards)} shards'!r}, which is "
                                  "not a safetensors file in the folder")
        return shards
    pickled = sorted(n for n in os.listdir(folder) if n.endswith(PICKLED) or n.endswith(".bin.index.json"))
    if pickled:
        raise CheckpointError(f"{folder} holds its weights as {pickled[0]}, a pickled file. {CONVERT}")
    raise CheckpointError(f"{folder} holds no weights ({WEIGHTS} or {INDEX})")


def read_entries(folder: Path, shards: list[str], limit: int) -> dict[str, Entry]:
    """Every tensor the shards hold, from their headers alone; the files together at most `limit` bytes."""
    total = 0
    for name in shards:  # all sizes first: a huge shard is refused before any is opened
        try:
            total += os.lstat(folder / name).st_size
        except OSError:
            raise UnsafeFileError(f"the weights of {folder} are incomplete: {name} is missing") from None
    if total > limit:
        raise UnsafeFileError(f"the weights of {folder} are {total / 1e6:,.1f} MB, more than the {limit / 1e6:,.1f} MB "
                              "a model of the shape its config.json describes can hold; refusing to read them")
    entries: dict[str, Entry] = {}
    for name in shards:
        source = f"{folder}/{name}"
        with open_inside(folder, name, "weights file", limit) as f:
            size = os.fstat(f.fileno()).st_size
            head = f.read(8)
            n = int.from_bytes(head, "little") if len(head) == 8 else -1
            if not 0 < n <= min(MAX_HEADER_BYTES, size - 8):
                raise UnsafeFileError(f"{source} is not a safetensors weights file (bad header length; truncated?)")
            header = safetensors_header(head + f.read(n), source)
        for key, e in header.items():
            if key == "__metadata__":
                continue
            offsets = e.get("data_offsets")
            if not (isinstance(offsets, list) and len(offsets) == 2 and all(type(o) is int for o in offsets)
                    and 0 <= offsets[0] <= offsets[1] <= size - 8 - n):
                raise UnsafeFileError(f"{source}: {key} points past the end of the file (truncated or damaged)")
            item = _ITEM_BYTES.get(e["dtype"])
            if item is None or prod(e["shape"]) * item != offsets[1] - offsets[0]:
                raise UnsafeFileError(f"{source}: {key}'s size does not match its type and shape (damaged)")
            if key in entries:
                raise CheckpointError(f"{folder}: {key} is stored twice (in {entries[key].file} and {name})")
            entries[key] = Entry(name, e["dtype"], tuple(e["shape"]), 8 + n + offsets[0], 8 + n + offsets[1])
    return entries


def read_tensors(folder: Path, wanted: dict[str, Entry], limit: int) -> Iterator[tuple[str, torch.Tensor]]:
    """(name, tensor) for each wanted entry, file by file in the order of the bytes; each tensor is read
    into a buffer of its own size, checked to be a float type and finite."""
    by_file: dict[str, list[tuple[str, Entry]]] = {}
    for key, entry in wanted.items():
        by_file.setdefault(entry.file, []).append((key, entry))
    for name, items in by_file.items():
        with open_inside(folder, name, "weights file", limit) as f:
            for key, entry in sorted(items, key=lambda kv: kv[1].begin):
                if entry.dtype not in FLOATS:
                    raise CheckpointError(f"{folder}/{name}: {key} is stored as {entry.dtype}; model weights must "
                                          "be float32, float16 or bfloat16")
                buf = bytearray(entry.end - entry.begin)
                f.seek(entry.begin)
                if f.readinto(buf) != len(buf):
                    raise UnsafeFileError(f"{folder}/{name} ended early, in {key} (truncated while being read)")
                tensor = torch.frombuffer(buf, dtype=FLOATS[entry.dtype]).reshape(entry.shape)
                if not torch.isfinite(tensor).all():
                    raise CheckpointError(f"{folder}/{name}: {key} holds NaN or infinite values")
                yield key, tensor
