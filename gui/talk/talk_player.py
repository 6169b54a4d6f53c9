"""TalkPlayer: where a talk is (scene and build) and the moves through it.

Opening a scene puts its whole state in the window (scene_state.apply). Inside a scene, the
next-key does its builds one by one (each an action of the registry, as its own key would);
once they are done, it opens the next scene. Going back undoes the last build (by its opposite
action where it has one, else by opening the scene again and doing the builds before it), and
at a scene's start goes to the previous scene. A scene that cannot be opened is reported and the
talk stays where it was, so a presenter is never left on a broken screen.
"""
from __future__ import annotations

import time

from PySide6 import QtCore

from explainer.talks.scene import SceneError
from explainer.talks.talk import Talk, TalkScene

from ..common import settings
from . import scene_state
from .talk_actions import STARTS_RUN, UNDO

STOP_WAIT_MS = 30_000  # a run saves before it ends: time for that, then the next one starts anyway


class TalkPlayer(QtCore.QObject):
    changed = QtCore.Signal()  # the scene or the build changed
    failed = QtCore.Signal(str)  # a scene could not be opened or a build not done: why

    def __init__(self, window, talk: Talk, room_zoom: float = 1.0, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent or window)
        self.window, self.talk = window, talk
        self.room_zoom = room_zoom  # presenter mode scales every scene's text for the room
        self.index, self.built = -1, 0
        self.started = time.monotonic()
        self.setup_ms: list[float] = []  # how long each scene took to open: `python -m gui.talk render`
        self.own_run = False  # a build of this talk started a training run that may still be going

    # -- where we are ------------------------------------------------------------------------------
    @property
    def scene(self) -> TalkScene | None:
        return self.talk.scenes[self.index] if 0 <= self.index < len(self.talk.scenes) else None

    @property
    def next_scene(self) -> TalkScene | None:
        return self.talk.scenes[self.index + 1] if self.index + 1 < len(self.talk.scenes) else None

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def position_text(self) -> str:
        s = self.scene
        builds = f" · build {self.built} of {len(s.builds)}" if s is not None and s.builds else ""
        return f"Scene {self.index + 1} of {len(self.talk.scenes)}{builds}"

    # -- moves ---------------------------------------------------------------------------------------
    def go(self, index: int, built: int = 0) -> bool:
        """Open scene `index` (and do its first `built` builds); False, with the reason reported, if it
        cannot be opened (the talk stays where it was)."""
        if not 0 <= index < len(self.talk.scenes):
            return False
        scene = self.talk.scenes[index]
        began = time.perf_counter()
        self.stop_own_run()
        try:
            scene_state.apply(self.window, scene.scene)
            if self.room_zoom != 1.0:
                self.window.zoom.set_factor(scene.scene.zoom * self.room_zoom)
            for action_id in scene.builds[:built]:
                self._do(action_id)
        except SceneError as exc:
            self._fail(f"Scene {index + 1} ({scene.title}) could not be opened: {exc}")
            return False
        self.setup_ms.append((time.perf_counter() - began) * 1000)
        self.index, self.built = index, built
        settings.remember(talk=self.talk.name, talk_scene=index)
        self.changed.emit()
        return True

    def next(self) -> bool:
        scene = self.scene
        if scene is not None and self.built < len(scene.builds):
            try:
                self._do(scene.builds[self.built])
            except SceneError as exc:  # said, and passed over: the next press must not meet it again
                self.built += 1
                self.changed.emit()
                self._fail(str(exc))
                return False
            self.built += 1
            self.changed.emit()
            return True
        if self.index + 1 >= len(self.talk.scenes):
            self.window.report("That was the last scene of the talk. Esc leaves it.")
            return False
        return self.go(self.index + 1)

    def previous(self) -> bool:
        scene = self.scene
        if scene is not None and self.built > 0:
            last = scene.builds[self.built - 1]
            if last in UNDO and self.window.actions.trigger(UNDO[last]):
                self.built -= 1
                self.changed.emit()
                return True
            return self.go(self.index, self.built - 1)
        return self.go(self.index - 1) if self.index > 0 else False

    def first(self) -> bool:
        return self.go(0)

    def last(self) -> bool:
        return self.go(len(self.talk.scenes) - 1)

    # -- inside ----------------------------------------------------------------------------------------
    def _do(self, action_id: str) -> None:
        actions = self.window.actions
        if action_id not in actions.specs:
            raise SceneError(f"the scene's build {action_id!r} is not an action of this app")
        if action_id in STARTS_RUN:
            self.stop_own_run(wait=True)  # one run at a time: the talk's last one makes way
        if not actions.trigger(action_id):
            raise SceneError(f"the scene's build {action_id!r} cannot be done here now")
        if action_id in STARTS_RUN:
            self.own_run = True

    def stop_own_run(self, wait: bool = False) -> None:
        """Stop a run this talk started (a live run in one scene must not hold the worker, or a core,
        in the scenes after it); a run the presenter started by hand is theirs to stop."""
        worker = self.window.worker
        if self.own_run and worker.busy:
            loop = QtCore.QEventLoop()
            worker.finished.connect(loop.quit)
            worker.cancel()
            if wait and worker.busy:
                QtCore.QTimer.singleShot(STOP_WAIT_MS, loop.quit)
                loop.exec()
            worker.finished.disconnect(loop.quit)
        self.own_run = False

    def _fail(self, message: str) -> None:
        self.window.report(message)
        self.failed.emit(message)
