"""Talk: scenes in order, each with words for the room and notes for the presenter.

A talk is plain data a presenter can copy and edit: a TOML file (`assets/talks/<name>.toml`
for the built-in ones) with a title, a length in minutes and a list of scenes. Each scene has
a title, two or three sentences of narration the audience reads, speaker notes only the
presenter sees, a "what to try" line for someone taking it alone as a tour, the scene itself
(the state to open, see scene.py) and its builds: the actions the presenter's next-key does
inside the scene before the talk moves on (like a slide's builds: "step" lets the model write
one more token). Read as hostile input, like a scene file.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .scene import MAX_BUILDS, Scene, SceneError, _expect, _number, _text, read_text_file, scene_from_dict

FORMAT, VERSION = "explainer-talk", 1
MAX_BYTES, MAX_SCENES = 512 * 1024, 200
TALKS = Path(__file__).resolve().parents[2] / "assets" / "talks"
_ACTION = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
SCENE_KEYS = {"title", "narration", "notes", "try", "scene", "builds"}


@dataclass(frozen=True)
class TalkScene:
    title: str
    narration: str  # for the room: two or three plain sentences
    notes: str  # for the presenter only
    try_this: str  # for someone alone at a desk (the guided tour)
    scene: Scene
    builds: tuple[str, ...] = ()  # action ids, one per press of the next-key


@dataclass(frozen=True)
class Talk:
    name: str
    title: str
    minutes: int
    about: str
    scenes: tuple[TalkScene, ...]


def _scene(d: Any, i: int) -> TalkScene:
    where = f"scene {i + 1}"
    _expect(d, dict, where)
    unknown = set(d) - SCENE_KEYS
    if unknown:
        raise SceneError(f"{where} has keys this version does not know: {', '.join(sorted(unknown))[:80]}")
    builds = _expect(d.get("builds", []), list, f"{where}: builds")
    if len(builds) > MAX_BUILDS:
        raise SceneError(f"{where} has {len(builds)} builds; at most {MAX_BUILDS}")
    for b in builds:
        if not isinstance(b, str) or not _ACTION.match(b):
            raise SceneError(f"{where}: a build should be an action's name (such as \"step\"), not {str(b)[:40]!r}")
    return TalkScene(title=_text(d.get("title", ""), f"{where}: title", 120) or f"Scene {i + 1}",
                     narration=_text(d.get("narration", ""), f"{where}: narration", 2000),
                     notes=_text(d.get("notes", ""), f"{where}: notes", 4000),
                     try_this=_text(d.get("try", ""), f"{where}: try", 1000),
                     scene=scene_from_dict(d.get("scene", {}), f"{where}: scene", versioned=False),
                     builds=tuple(builds))


def talk_from_dict(d: Any, name: str) -> Talk:
    _expect(d, dict, name)
    if d.get("format") != FORMAT:
        raise SceneError(f"{name} is not an explainer talk (its format is not \"{FORMAT}\")")
    if d.get("version") != VERSION:
        raise SceneError(f"{name} is a version {str(d.get('version'))[:20]} talk; "
                         f"this explainer reads version {VERSION}")
    unknown = set(d) - {"format", "version", "title", "minutes", "about", "scenes"}
    if unknown:
        raise SceneError(f"{name} has keys this version does not know: {', '.join(sorted(unknown))[:80]}")
    scenes = _expect(d.get("scenes", []), list, f"{name}: scenes")
    if not scenes or len(scenes) > MAX_SCENES:
        raise SceneError(f"{name} should have between 1 and {MAX_SCENES} scenes, not {len(scenes)}")
    return Talk(name=name, title=_text(d.get("title", name), "title", 200),
                minutes=_number(d.get("minutes", 15), "minutes", 1, 600, whole=True),
                about=_text(d.get("about", ""), "about", 4000),
                scenes=tuple(_scene(s, i) for i, s in enumerate(scenes)))


def read_talk(path: str | Path) -> Talk:
    text = read_text_file(path, "talk", MAX_BYTES)
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SceneError(f"{Path(path).name} is not valid TOML: {exc}") from None
    return talk_from_dict(parsed, Path(path).stem)


def builtin_talks() -> list[str]:
    """The names of the talks that ship in assets/talks/."""
    return sorted(p.stem for p in TALKS.glob("*.toml"))


def find_talk(name_or_path: str) -> Path:
    """A built-in talk's file by name ("intro"), or a talk file's path."""
    if _ACTION.match(name_or_path) and (TALKS / f"{name_or_path}.toml").is_file():
        return TALKS / f"{name_or_path}.toml"
    path = Path(name_or_path)
    if path.is_file():
        return path
    raise SceneError(f"no talk called {name_or_path!r}: the built-in talks are {', '.join(builtin_talks())}")
