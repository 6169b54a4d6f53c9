"""What the window remembers between runs: the theme, the zoom, the last talk and where in it.

A small JSON file in the user's config folder (`EXPLAINER_SETTINGS` names another file: the tests
give each test its own). Written atomically on every change; a missing, damaged or foreign file
gives the defaults and is replaced on the next change, never an error in front of a room.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

DEFAULTS: dict[str, Any] = {"theme": "light", "zoom": 1.0, "talk": "", "talk_scene": 0}
_TYPES = {"theme": str, "zoom": float, "talk": str, "talk_scene": int}
MAX_BYTES = 64 * 1024


def settings_path() -> Path:
    named = os.environ.get("EXPLAINER_SETTINGS")
    if named:
        return Path(named)
    from PySide6 import QtCore
    folder = QtCore.QStandardPaths.writableLocation(QtCore.QStandardPaths.StandardLocation.AppConfigLocation)
    return Path(folder or Path.home() / ".config" / "explainer") / "settings.json"


def load() -> dict[str, Any]:
    """The remembered values over the defaults; a value of the wrong type is left out."""
    out = dict(DEFAULTS)
    path = settings_path()
    try:
        if path.stat().st_size <= MAX_BYTES:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                for key, kind in _TYPES.items():
                    value = data.get(key)
                    if isinstance(value, kind) and not isinstance(value, bool) or (kind is float and type(value) is int):
                        out[key] = kind(value)
    except (OSError, ValueError):
        pass  # no file yet, or a damaged one: the defaults
    return out


def remember(**values: Any) -> None:
    """Change some values and write the file (atomically); a disk that refuses is not an error."""
    from explainer.atomic import atomic_write_bytes
    current = load()
    current.update({k: v for k, v in values.items() if k in DEFAULTS})
    try:
        atomic_write_bytes(settings_path(), (json.dumps(current, indent=1) + "\n").encode("utf-8"))
    except OSError:
        pass
