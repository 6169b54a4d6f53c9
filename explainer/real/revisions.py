"""A folder holding several revisions of one model, opened as that model's timeline.

Pythia was saved during training at 154 steps (step0, step1, step2, ..., step1000, ...,
step143000; Biderman et al. 2023), each downloadable as a revision of its own. Put them as
subfolders named `step<N>` of one folder, or list them in a small `revisions.json`:

    {"revisions": [{"folder": "step1000", "step": 1000}, {"folder": "final", "step": 143000}]}
    ["step0", "step1000", "step143000"]                     (the step read from each name)

The newest revision is loaded; every other one is checked now (same architecture and shape,
same tokenizer, weight headers that fit) and read from disk only when the timeline shows it,
so a 124 M-parameter model's revisions are never all in memory at once.
"""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import torch

from ..errors import CheckpointError
from ..safe_files import MAX_JSON_BYTES, MAX_TOKENIZER_BYTES, parse_json, read_inside
from ..train.timeline import TimelinePoint
from .hf_config import HFConfig
from .hf_weights import plan_weights
from .load import STEP_FOLDER, HFLoadedModel, build, check_folder, describe, read_hf_config

MAX_REVISIONS = 256


class RevisionPoint(TimelinePoint):
    """A timeline point whose weights stay in their folder until `state` is asked for; they are checked
    again then (the files may have changed since the timeline was opened)."""

    def __init__(self, step: int, folder: Path, hf: HFConfig, vocab: int) -> None:
        self.folder, self._hf, self._vocab = folder, hf, vocab
        super().__init__(step, 0)

    @property
    def state(self) -> dict[str, torch.Tensor]:
        return plan_weights(self.folder, self._hf, self._vocab).state()

    @state.setter
    def state(self, value: dict) -> None:
        if value:  # TimelinePoint's own __init__ sets an empty one
            raise AttributeError("a revision's weights are read from its folder, not set")

    __eq__ = object.__eq__  # the dataclass's would compare the states: read two models to compare two points
    __hash__ = object.__hash__


def list_revisions(folder: Path) -> list[tuple[int, str]]:
    """(step, subfolder) of every revision, oldest first."""
    if (folder / "revisions.json").exists() or (folder / "revisions.json").is_symlink():
        source = f"{folder}/revisions.json"
        data = parse_json(read_inside(folder, "revisions.json", "revision list", MAX_JSON_BYTES), source)
        items = data.get("revisions") if isinstance(data, dict) else data
        if not isinstance(items, list) or not items:
            raise CheckpointError(f"{source} must list the revisions: [\"step0\", ...] or {{\"revisions\": [...]}}")
        revisions = [_item(folder, item, source) for item in items[:MAX_REVISIONS + 1]]
    else:
        revisions = [(int(m.group(1)), p.name) for p in folder.iterdir() if (m := STEP_FOLDER.match(p.name))]
    if len(revisions) > MAX_REVISIONS:
        raise CheckpointError(f"{folder} lists more than {MAX_REVISIONS} revisions; this app shows at most that many")
    steps = [s for s, _ in revisions]
    if len(set(steps)) != len(steps):
        raise CheckpointError(f"{folder} lists two revisions at the same step")
    for _, name in revisions:
        try:
            mode = os.lstat(folder / name).st_mode
        except OSError:
            raise CheckpointError(f"the revision {name} of {folder} is missing") from None
        if not stat.S_ISDIR(mode):  # a link to a folder elsewhere is not followed
            raise CheckpointError(f"the revision {name} of {folder} is not a folder inside it (a link or a file)")
    return sorted(revisions)


def _item(folder: Path, item: object, source: str) -> tuple[int, str]:
    if isinstance(item, str):
        name, step = item, None
    elif isinstance(item, dict) and isinstance(item.get("folder"), str):
        name, step = item["folder"], item.get("step")
    else:
        raise CheckpointError(f"{source}: each revision must be a folder name or {{\"folder\": ..., \"step\": ...}}")
    if Path(name).name != name or name in (".", ".."):
        raise CheckpointError(f"{source} names {name!r}, which is not a folder inside {folder}")
    if step is None and (m := STEP_FOLDER.match(name)):
        step = int(m.group(1))
    if type(step) is not int or step < 0:
        raise CheckpointError(f"{source}: the revision {name!r} needs a step, a whole number")
    return step, name


def _tokenizer_digest(folder: Path) -> str | None:
    if not ((folder / "tokenizer.json").exists() or (folder / "tokenizer.json").is_symlink()):
        return None  # a revision without its own tokenizer reads with the timeline's
    return hashlib.sha256(read_inside(folder, "tokenizer.json", "tokenizer", MAX_TOKENIZER_BYTES)).hexdigest()


def load_revisions(folder: Path, device: str = "cpu") -> HFLoadedModel:
    revisions = list_revisions(folder)
    newest_step, newest_name = revisions[-1]
    newest = folder / newest_name
    hf, tokenizer, plan = check_folder(newest)
    digest = _tokenizer_digest(newest)
    points = []
    for step, name in revisions:
        sub = folder / name
        if name != newest_name:
            if read_hf_config(sub).config != hf.config:
                raise CheckpointError(f"the revision {name} of {folder} is another model (its config.json "
                                      f"differs from {newest_name}'s); a timeline holds one model")
            if _tokenizer_digest(sub) not in (None, digest):
                raise CheckpointError(f"the revision {name} of {folder} has another tokenizer than {newest_name}")
            plan_weights(sub, hf, tokenizer.vocab_size)  # its headers now, its tensors when shown
        points.append(RevisionPoint(step, sub, hf, tokenizer.vocab_size))
    info = describe(newest, hf, tokenizer, plan, step=newest_step, title=folder.name)
    info.source = f"{folder}: {len(revisions)} revisions, the newest ({newest_name}) loaded"
    info.provenance["revisions"] = [name for _, name in revisions]
    return HFLoadedModel(build(plan).to(device), tokenizer, info, folder, timeline=points)
