"""Reading files that came from someone else: a model folder must not reach outside itself,
exhaust the machine, or hang it.

A model folder is data a person downloaded or was sent. So every file in it is read only
if it lies in the folder itself (no links, which could point at /etc/passwd or at a valid
weights file elsewhere), is a plain file (not a pipe, which would hang the reader, nor a
device such as /dev/zero, which never ends), and is no larger than what it can sensibly
hold. A safetensors header is parsed and checked before any tensor is made.
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import BinaryIO

from .errors import CheckpointError

# The most a small-model app ever reads from one file of each kind.
MAX_JSON_BYTES = 2_000_000  # model.json: a few kilobytes in practice
MAX_TOKENIZER_BYTES = 50_000_000
MAX_HEADER_BYTES = 10_000_000  # a safetensors header: names, types and shapes of the tensors


class UnsafeFileError(CheckpointError):
    """A file that is refused before (or instead of) reading it, with the reason in words."""


def read_inside(folder: Path, name: object, what: str, limit: int) -> bytes:
    """The bytes of `folder/name`, if it is a plain file inside `folder` of at most `limit` bytes."""
    with open_inside(folder, name, what, limit) as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise UnsafeFileError(f"the {what} of {folder} grew past {limit / 1e6:,.1f} MB while being read")
    return data


def open_inside(folder: Path, name: object, what: str, limit: int) -> BinaryIO:
    """`folder/name` opened for reading, after the same checks as `read_inside`: for files read in
    pieces (a real model's weights, hundreds of megabytes, are never all in memory as bytes)."""
    if not isinstance(name, str) or not name or Path(name).name != name or name in (".", ".."):
        raise UnsafeFileError(f"{folder}/model.json names its {what} as {name!r}, which is not a file in the folder")
    path = folder / name
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise UnsafeFileError(f"the {what} of {folder} is missing ({name})") from None
    except OSError as exc:
        raise UnsafeFileError(f"the {what} of {folder} cannot be read: {exc.strerror}") from None
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeFileError(f"the {what} of {folder} ({name}) is a link to somewhere else; a model folder "
                              "must hold its own files, so links are not followed")
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeFileError(f"the {what} of {folder} ({name}) is not a plain file (a folder, pipe or device)")
    if info.st_size > limit:
        raise UnsafeFileError(f"the {what} of {folder} is {info.st_size / 1e6:,.1f} MB, more than the "
                              f"{limit / 1e6:,.1f} MB such a file can hold; refusing to read it")
    # O_NOFOLLOW and O_NONBLOCK: a link or a pipe swapped in after the check is still not followed or waited on
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UnsafeFileError(f"the {what} of {folder} cannot be opened: {exc.strerror}") from None
    f = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
        f.close()
        raise UnsafeFileError(f"the {what} of {folder} ({name}) is not a plain file")
    return f


def parse_json(data: bytes, source: str) -> object:
    """JSON from bytes, refusing what is not UTF-8 JSON (including nesting too deep to parse)."""
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnsafeFileError(f"{source} is damaged (not valid JSON: {exc})") from None
    except RecursionError:
        raise UnsafeFileError(f"{source} is nested too deeply to be a real description; refusing it") from None


def safetensors_header(data: bytes, source: str) -> dict:
    """The JSON header of a safetensors file: {name: {"dtype", "shape", "data_offsets"}} (and
    "__metadata__"), checked to describe only bytes the file really has, before anything is loaded."""
    if len(data) < 8:
        raise UnsafeFileError(f"{source} is not a safetensors weights file (too short); refusing to read it")
    n = int.from_bytes(data[:8], "little")
    if n > min(MAX_HEADER_BYTES, len(data) - 8):
        raise UnsafeFileError(f"{source} is not a safetensors weights file (bad header length); refusing to read it")
    header = parse_json(data[8:8 + n], f"the header of {source}")
    if not isinstance(header, dict):
        raise UnsafeFileError(f"{source} is not a safetensors weights file (bad header); refusing to read it")
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if not (isinstance(entry, dict) and isinstance(entry.get("shape"), list)
                and all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in entry["shape"])
                and isinstance(entry.get("dtype"), str)):
            raise UnsafeFileError(f"{source} is not a safetensors weights file (entry {name!r}); refusing to read it")
    return header
