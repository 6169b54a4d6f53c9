"""`python -m gui.bench step | scrub | training`: how the window keeps up.

`step` (gui/bench/step.py): how long from a Step to every visible view repainted.
`scrub` (gui/bench/scrub.py): from a move of the timeline slider to every visible view repainted.
`training` (gui/bench/training.py): the GUI timer and the training speed while a model trains
inside the window, for each worker kind. All offscreen, torch on one thread as the app runs;
the shared timing helpers are in gui/bench/timing.py. Timing goals live here, never in tests.
"""
from .cli import main

__all__ = ["main"]
