"""The Train page's actions: what each key does while a model learns.

Data only; the page binds the handlers. As on the Explore page, a presenter's clicker works:
← / → (Page Up / Page Down) move the timeline to an earlier or later snapshot, and Space
pauses and resumes the run. The timeline's own keys ([ ] F M Ctrl+T) act on every page.
"""
from __future__ import annotations

from ..common.actions import ActionSpec

# The views of the page's centre, in the order of their number keys: (key, tab title).
TRAIN_VIEW_TITLES = (
    ("curves", "Loss and speed"),
    ("skills", "What was learned when"),
    ("compute", "Compute"),
)

TRAIN_ACTIONS = (
    ActionSpec("train_start", "Start ▶", ("S", "Ctrl+Return"), "Start a new run: the chosen model size learns the "
               "chosen text from random numbers", "Training", "train"),
    ActionSpec("train_pause", "Pause ❚❚", ("Space",), "Pause the run, or resume it", "Training", "train",
               checkable=True),
    ActionSpec("train_stop", "Stop ■", ("X",), "Stop the run after this step and save it", "Training", "train"),
    ActionSpec("train_reset", "Reset", ("R",), "Clear the page for a new run (the finished run's folder stays "
               "on disk)", "Training", "train"),
    ActionSpec("train_preset", "Next model size", ("P",), "Choose the next preset: nano, live or base",
               "Training", "train"),
    ActionSpec("train_longer", "Longer", ("+", "="), "Train for a minute longer", "Training", "train",
               group="Train longer / shorter"),
    ActionSpec("train_shorter", "Shorter", ("-",), "Train for a minute less", "Training", "train",
               group="Train longer / shorter"),
    ActionSpec("train_text", "Your own text…", ("O",), "Learn from a text file of yours (a tokenizer is made "
               "for it first)", "Training", "train"),
    ActionSpec("train_world", "The tiny world", ("W",), "Learn from the tiny world's stories, fact pages and "
               "chats", "Training", "train"),
    ActionSpec("train_log", "Log steps", ("L",), "Spread the early steps out on the loss curve (a log scale), "
               "or not", "Training", "train", checkable=True),
    ActionSpec("train_runs_folder", "Save runs in…", ("Ctrl+Shift+S",), "Choose the folder new runs are saved in",
               "Training", "train"),
    ActionSpec("train_escape", "Leave full screen", ("Esc",), "Leave full screen; give the keys back to the page",
               "Training", "train"),

    ActionSpec("train_earlier", "Earlier snapshot", ("Left", "PgUp"), "Put an earlier snapshot behind the views",
               "Timeline", "train", group="Earlier / later snapshot (also Page Up / Page Down, [ and ])"),
    ActionSpec("train_later", "Later snapshot", ("Right", "PgDown"), "Put a later snapshot behind the views",
               "Timeline", "train", group="Earlier / later snapshot (also Page Up / Page Down, [ and ])"),

    *(ActionSpec(f"train_view_{key}", f"{number}  {title}", (str(number),), f"Show the {title} view", "View",
                 "train", group="Switch view") for number, (key, title) in enumerate(TRAIN_VIEW_TITLES, start=1)),
)
