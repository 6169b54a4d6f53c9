"""Ctrl+S saves the scene on screen to a file; Ctrl+Shift+O opens one (gui/talk/scene_state.py).

Scenes go to `<user data folder>/scenes/` unless the person picks another place. A scene that
cannot be saved (a model the scene could not name) or opened (another version, damaged, hostile)
is refused with the reason on the status line, and the window stays as it was.
"""
from __future__ import annotations

from pathlib import Path

from PySide6 import QtWidgets

from explainer.talks.scene import SceneError, read_scene, write_scene

from . import scene_state

SUFFIX = ".scene.json"


def scenes_folder() -> Path:
    from ..train.run_recipes import data_folder
    return data_folder() / "scenes"


def save_scene_to(window, path: str | Path) -> bool:
    try:
        scene = scene_state.capture(window)
        write_scene(path, scene)
    except SceneError as exc:
        window.report(f"The scene could not be saved: {exc}")
        return False
    except OSError as exc:
        window.report(f"The scene could not be saved to {path}: {exc.strerror or exc}")
        return False
    window.report(f"Scene saved to {path}. Ctrl+Shift+O opens it again exactly as it is now.")
    return True


def open_scene_from(window, path: str | Path) -> bool:
    try:
        scene = read_scene(path)
        scene_state.apply(window, scene)
    except SceneError as exc:
        window.report(f"That scene was not opened: {exc}. Nothing was changed.")
        return False
    window.report(f"Opened the scene {Path(path).name}.")
    return True


def bind_scene_actions(window) -> None:
    def save() -> None:
        folder = scenes_folder()
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{window.current_page}-{len(list(folder.glob('*' + SUFFIX))) + 1}{SUFFIX}"
        path, _ = QtWidgets.QFileDialog.getSaveFileName(window, "Save this scene", str(folder / name),
                                                        f"Scenes (*{SUFFIX});;JSON (*.json)")
        if path:
            save_scene_to(window, path)

    def open_() -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(window, "Open a scene", str(scenes_folder()),
                                                        f"Scenes (*{SUFFIX} *.json)")
        if path:
            open_scene_from(window, path)

    window.actions.bind(scene_save=save, scene_open=open_)
