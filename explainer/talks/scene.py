"""Scene: the whole state of the window as a small, human-readable file that reopens exactly.

A scene names what is on screen, never how it got there: the page, the model and its snapshot,
the prompt and every token written after it (with how each was chosen), the seed and sampling
settings, the view and what is selected in it, the zoom, the Compare request, the Align part and the Train page's view.
Reopening it rebuilds the same state from the same weights, so the same tokens and numbers come
back, in the manner of TensorFlow Playground's link that holds its whole state.

A scene file is read as hostile input: at most `MAX_BYTES`, UTF-8 JSON, an object of known keys
with values of the expected types and ranges, a model named by a bundled name or by a folder
inside the user's runs folder (never an absolute path or one that climbs out). Anything else is
a `SceneError` with words a person can act on, and nothing is changed.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path, PurePosixPath
from typing import Any

from ..atomic import atomic_write_bytes

FORMAT, VERSION = "explainer-scene", 1
MAX_BYTES = 256 * 1024  # a scene with a full context of tokens is about 10 KB
MAX_TOKENS, MAX_PROMPT_CHARS, MAX_BUILDS = 4096, 20_000, 64
PAGES = ("explore", "train", "align", "compare")
VIEWS = ("next", "grid", "head", "lens", "neurons", "embed")
HOWS = ("sample", "greedy", "chosen")
COMPARE_SECTIONS = ("answers", "shift", "inside", "vote", "eval")
ALIGN_PARTS = ("pipeline", "rate", "inside", "hacking")
ALIGN_STEPS = ("base", "sft", "reward", "rlhf", "dpo")
TRAIN_VIEWS = ("curves", "skills", "compute")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")  # a bundled model's name: base, sft, rlhf, dpo, ...


class SceneError(ValueError):
    """A scene (or talk) that cannot be used, with a message a person can act on."""


@dataclass(frozen=True)
class ExploreState:
    prompt: str = "Once upon a time"
    chat: bool = False  # the prompt is a question, asked in the chats' format
    tokens: tuple[tuple[int, str], ...] = ()  # what the model wrote: (token id, how it was chosen)
    write: int = 0  # then let the model write this many more (a talk's way to say "16 tokens on")
    seed: int = 0
    temperature: float = 1.0
    top_k: int = 0
    top_p: float = 1.0
    greedy: bool = False
    view: str = "next"
    head: tuple[int, int] = (0, 0)  # (layer, head) from 0: the grid's frame and the large head
    position: int = -1  # the followed token in the window; -1 follows the newest


@dataclass(frozen=True)
class CompareState:
    request: int = 1  # which held-out request, counted from 1 as the page shows it ("14/320")
    typed: str = ""  # or one typed in (wins when not empty)
    seed: int = 0
    greedy: bool = False
    section: str = "answers"


@dataclass(frozen=True)
class AlignState:
    part: str = "pipeline"
    step: str = "base"  # the step card chosen on the pipeline


@dataclass(frozen=True)
class TrainState:
    view: str = "curves"  # the Train page's view: the curves, what was learned when, the compute meter


@dataclass(frozen=True)
class Scene:
    page: str = "explore"
    model: str = "base"  # a bundled model's name, or "runs/<folder>" inside the user's runs folder
    step: int | None = None  # the snapshot on that model's timeline; None: its newest weights
    zoom: float = 1.0
    explore: ExploreState = field(default_factory=ExploreState)
    compare: CompareState = field(default_factory=CompareState)
    align: AlignState = field(default_factory=AlignState)
    train: TrainState = field(default_factory=TrainState)

    def to_dict(self) -> dict:
        out = {"format": FORMAT, "version": VERSION, **asdict(self)}
        out["explore"]["tokens"] = [list(t) for t in self.explore.tokens]
        out["explore"]["head"] = list(self.explore.head)
        return out


# -- reading: strict, field by field -------------------------------------------------------------
def _expect(value: Any, kind: type | tuple, where: str) -> Any:
    # bool is an int in Python: a field that wants a number must not take true/false, and the reverse
    if isinstance(value, bool) != (kind is bool) or not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise SceneError(f"{where} should be {names.replace('str', 'text').replace('int', 'a whole number')}"
                         f", not {json.dumps(value)[:40]}")
    if isinstance(value, float) and not math.isfinite(value):
        raise SceneError(f"{where} should be a finite number")
    return value


def _number(value: Any, where: str, lo: float, hi: float, whole: bool = False) -> float | int:
    value = _expect(value, int if whole else (int, float), where)
    if not lo <= value <= hi:
        raise SceneError(f"{where} should be between {lo:g} and {hi:g}, not {value:g}")
    return value if whole else float(value)


def _choice(value: Any, where: str, allowed: tuple[str, ...]) -> str:
    if _expect(value, str, where) not in allowed:
        raise SceneError(f"{where} should be one of {', '.join(allowed)}, not {value[:40]!r}")
    return value


def _text(value: Any, where: str, limit: int) -> str:
    if len(_expect(value, str, where)) > limit:
        raise SceneError(f"{where} is {len(value):,} characters long; at most {limit:,} are allowed")
    return value


def _object(value: Any, where: str, cls) -> dict:
    _expect(value, dict, where)
    unknown = set(value) - {f.name for f in fields(cls)}
    if unknown:
        raise SceneError(f"{where} has keys this version does not know: {', '.join(sorted(unknown))[:80]}")
    return value


def model_name(value: Any, where: str = "model") -> str:
    """A bundled name ("base") or "runs/<folder>": relative, one level, nothing that climbs out."""
    value = _text(value, where, 200)
    if _NAME.match(value):
        return value
    path = PurePosixPath(value)
    if value.startswith("runs/") and len(path.parts) == 2 and re.match(r"^[\w.-]{1,100}$", path.parts[1]) \
            and path.parts[1] not in (".", ".."):
        return value
    raise SceneError(f"{where} {value[:60]!r} is neither a bundled model's name nor a folder in your runs "
                     "folder (runs/<name>); a scene never points anywhere else on the disk")


def _explore(d: dict) -> ExploreState:
    d = _object(d, "explore", ExploreState)
    base = ExploreState()
    tokens = _expect(d.get("tokens", []), list, "explore.tokens")
    if len(tokens) > MAX_TOKENS:
        raise SceneError(f"explore.tokens holds {len(tokens):,} tokens; at most {MAX_TOKENS:,} are allowed")
    parsed = []
    for i, t in enumerate(tokens):
        where = f"explore.tokens[{i}]"
        if not isinstance(t, list) or len(t) != 2:
            raise SceneError(f"{where} should be [token id, how it was chosen]")
        parsed.append((_number(t[0], where, 0, 10_000_000, whole=True), _choice(t[1], where, HOWS)))
    head = _expect(d.get("head", list(base.head)), list, "explore.head")
    if len(head) != 2:
        raise SceneError("explore.head should be [layer, head]")
    return ExploreState(
        prompt=_text(d.get("prompt", base.prompt), "explore.prompt", MAX_PROMPT_CHARS),
        chat=_expect(d.get("chat", base.chat), bool, "explore.chat"),
        tokens=tuple(parsed),
        write=_number(d.get("write", 0), "explore.write", 0, MAX_TOKENS, whole=True),
        seed=_number(d.get("seed", base.seed), "explore.seed", 0, 2**31 - 1, whole=True),
        temperature=_number(d.get("temperature", base.temperature), "explore.temperature", 0.05, 10),
        top_k=_number(d.get("top_k", base.top_k), "explore.top_k", 0, 10_000_000, whole=True),
        top_p=_number(d.get("top_p", base.top_p), "explore.top_p", 0.01, 1),
        greedy=_expect(d.get("greedy", base.greedy), bool, "explore.greedy"),
        view=_choice(d.get("view", base.view), "explore.view", VIEWS),
        head=tuple(_number(h, "explore.head", 0, 1024, whole=True) for h in head),
        position=_number(d.get("position", base.position), "explore.position", -1, MAX_TOKENS, whole=True))


def _compare(d: dict) -> CompareState:
    d = _object(d, "compare", CompareState)
    return CompareState(request=_number(d.get("request", 1), "compare.request", 1, 100_000, whole=True),
                        typed=_text(d.get("typed", ""), "compare.typed", 2000),
                        seed=_number(d.get("seed", 0), "compare.seed", 0, 2**31 - 1, whole=True),
                        greedy=_expect(d.get("greedy", False), bool, "compare.greedy"),
                        section=_choice(d.get("section", "answers"), "compare.section", COMPARE_SECTIONS))


def _align(d: dict) -> AlignState:
    d = _object(d, "align", AlignState)
    return AlignState(part=_choice(d.get("part", "pipeline"), "align.part", ALIGN_PARTS),
                      step=_choice(d.get("step", "base"), "align.step", ALIGN_STEPS))


def _train(d: dict) -> TrainState:
    d = _object(d, "train", TrainState)
    return TrainState(view=_choice(d.get("view", "curves"), "train.view", TRAIN_VIEWS))


def scene_from_dict(d: Any, where: str = "the scene", versioned: bool = True) -> Scene:
    """A checked Scene from parsed JSON (or a talk's scene table, `versioned=False`)."""
    _expect(d, dict, where)
    d = dict(d)
    if versioned:
        if d.pop("format", None) != FORMAT:
            raise SceneError(f"{where} is not an explainer scene (its \"format\" is not \"{FORMAT}\")")
        version = d.pop("version", None)
        if version != VERSION:
            raise SceneError(f"{where} is a version {json.dumps(version)[:20]} scene; this explainer reads "
                             f"version {VERSION}. Save it again from the version that made it.")
    unknown = set(d) - {f.name for f in fields(Scene)}
    if unknown:
        raise SceneError(f"{where} has keys this version does not know: {', '.join(sorted(unknown))[:80]}")
    step = d.get("step")
    return Scene(page=_choice(d.get("page", "explore"), "page", PAGES),
                 model=model_name(d.get("model", "base")),
                 step=None if step is None else _number(step, "step", 0, 10**9, whole=True),
                 zoom=_number(d.get("zoom", 1.0), "zoom", 0.5, 4.0),
                 explore=_explore(d.get("explore", {})), compare=_compare(d.get("compare", {})),
                 align=_align(d.get("align", {})), train=_train(d.get("train", {})))


def read_text_file(path: str | Path, what: str, limit: int) -> str:
    """A file's UTF-8 text, refused before it is read when it is not a file or over `limit` bytes;
    a SceneError says what is wrong with it (`what` is "scene", "talk", ...)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise SceneError(f"{path.name} is not a file")
        if size > limit:
            raise SceneError(f"{path.name} is {size:,} bytes; a {what} is at most {limit:,}")
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise SceneError(f"{path.name} could not be read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise SceneError(f"{path.name} is not UTF-8 text, so it is not a {what}") from None


def read_json_file(path: str | Path, what: str, limit: int = MAX_BYTES) -> Any:
    """Parsed JSON from a file of at most `limit` bytes; a SceneError says what is wrong with it."""
    text = read_text_file(path, what, limit)
    name = Path(path).name
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SceneError(f"{name} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise SceneError(f"{name} is nested too deeply to be a {what}") from None


def read_scene(path: str | Path) -> Scene:
    return scene_from_dict(read_json_file(path, "scene"), Path(path).name)


def write_scene(path: str | Path, scene: Scene) -> None:
    """Atomically: a crash leaves the old file or the new one."""
    text = json.dumps(scene.to_dict(), indent=1, ensure_ascii=False) + "\n"
    atomic_write_bytes(path, text.encode("utf-8"))
