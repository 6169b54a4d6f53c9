"""Scenes and talks: the window's whole state as a small file, and scenes in order for a talk
(see scene.py and talk.py). Qt-free, like the rest of the engine."""
from .scene import Scene, SceneError, read_scene, write_scene
from .talk import Talk, TalkScene, builtin_talks, find_talk, read_talk

__all__ = ["Scene", "SceneError", "Talk", "TalkScene", "builtin_talks", "find_talk", "read_scene", "read_talk",
           "write_scene"]
