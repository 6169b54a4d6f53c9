"""The keys of talks, scenes and exports (data only; gui/talk/presenter.py binds the handlers).

Starting a talk, the tour, saving and opening a scene and exporting work on every page
(`GLOBAL`). While a talk is presented, the clicker's keys belong to the talk (`TALK`: a mode the
key router asks before the page), so → and Page Down move through the talk whatever was
clicked last, and never type into a box; inside a scene they do its builds first. The guided
tour (`TOUR`) leaves the arrows to the page, so a person can try what the scene suggests, and
moves with Page Down / Page Up.
"""
from __future__ import annotations

from ..common.actions import GLOBAL, ActionSpec

TALK, TOUR = "talk", "tour"  # the key router's modes
MENU = "Talk"

TALK_ACTIONS = (
    ActionSpec("talk_start", "Start the talk", ("F5",), "Present the chosen talk from its first scene, full screen",
               MENU, GLOBAL),
    ActionSpec("talk_resume", "Resume the talk", ("Shift+F5",), "Present the talk from the scene where it was left",
               MENU, GLOBAL),
    ActionSpec("tour_start", "Guided tour", ("F6",), "Take the talk at your own pace, trying each scene yourself",
               MENU, GLOBAL),
    ActionSpec("talk_choose", "Choose a talk…", (), "Pick a built-in talk or open a talk file", MENU, GLOBAL),
    ActionSpec("scene_save", "Save this scene…", ("Ctrl+S",),
               "Save everything on screen (model, snapshot, text, view, selection) to a small file", MENU, GLOBAL),
    ActionSpec("scene_open", "Open a scene…", ("Ctrl+Shift+O",), "Open a saved scene exactly as it was", MENU,
               GLOBAL),
    ActionSpec("export_figure", "Export the figure…", ("Ctrl+Shift+E",),
               "The view in front as PNG or SVG at a size for slides, with its provenance (or right-click a view)",
               MENU, GLOBAL),
    ActionSpec("export_report", "Export a briefing report…", ("Ctrl+Shift+R",),
               "Every scene of the talk as figures with captions and provenance, in HTML and PDF", MENU, GLOBAL),
    # presenting
    ActionSpec("talk_next", "Next ▶", ("PgDown", "Right", "Space", "Down"),
               "The scene's next build, else the next scene (a clicker's forward key)", MENU, TALK),
    ActionSpec("talk_previous", "◀ Previous", ("PgUp", "Left", "Up", "Backspace"),
               "Undo the last build, else the previous scene", MENU, TALK),
    ActionSpec("talk_first", "First scene", ("Home",), "Back to the talk's first scene", MENU, TALK),
    ActionSpec("talk_last", "Last scene", ("End",), "The talk's last scene", MENU, TALK),
    ActionSpec("talk_blank", "Blank the screen", ("B", "."), "A black screen for the room; again to come back",
               MENU, TALK),
    ActionSpec("talk_notes", "Speaker notes", ("N",), "Show or hide the notes over the window (one screen only)",
               MENU, TALK),
    ActionSpec("talk_leave", "Leave the talk", ("Esc",), "Back to the window as it was before the talk", MENU, TALK),
    # the guided tour
    ActionSpec("tour_next", "Next scene ▶", ("PgDown",), "The tour's next scene", MENU, TOUR),
    ActionSpec("tour_previous", "◀ Previous scene", ("PgUp",), "The tour's previous scene", MENU, TOUR),
    ActionSpec("tour_leave", "Leave the tour", ("Esc",), "Close the tour; the window stays as it is", MENU, TOUR),
)

# Builds that start a training run on the window's one worker: the talk stops a run it started when
# it leaves that scene, or before it starts another.
STARTS_RUN = frozenset({"train_start", "align_run", "align_hack_demo", "align_retrain"})

# Going back over a build: the actions with an exact opposite are undone by it; any other build is
# undone by opening the scene again and doing the builds before it.
UNDO = {"step": "back", "greedy": "back", "snapshot_later": "snapshot_earlier", "snapshot_earlier": "snapshot_later",
        "compare_next": "compare_previous", "compare_previous": "compare_next"}
