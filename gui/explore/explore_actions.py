"""The Explore page's actions: what each key does on the first screen.

Data only; the widgets that carry them out bind the handlers (`ActionRegistry.bind`).
Two rules a presenter can rely on: plain ← and → always mean Back and Step, in every view
and whatever was clicked last (Page Up / Page Down too, which is what a presenter's clicker
sends); Shift + an arrow moves the selection inside the current view, the same in every view.
"""
from __future__ import annotations

from ..common.actions import ActionSpec

# The views of the centre area, in the order of their number keys: (key, tab title).
VIEW_TITLES = (
    ("next", "Next token"),
    ("grid", "Attention"),
    ("head", "One head"),
    ("lens", "Layer by layer"),
    ("neurons", "Feed-forward"),
    ("embed", "Token + position"),
)
TOP_K_LADDER = (0, 1, 2, 3, 5, 10, 20, 50, 100)  # the values K and Shift+K step through (0: off)
SELECTION_HELP = "Move the selection (token, bar or head): ← ↑ earlier, → ↓ later; in the attention grid ↑ ↓ change floor"

EXPLORE_ACTIONS = (
    ActionSpec("step", "Step ▶", ("Right", "PgDown"), "Let the model write one token", "Write"),
    ActionSpec("back", "◀ Back", ("Left", "PgUp", "Backspace"), "Undo the last token", "Write"),
    ActionSpec("greedy", "Greedy", ("G",), "Take the most likely token, no dice", "Write"),
    ActionSpec("play", "Play ▶▶", ("Space",), "Write token after token, or pause", "Write", checkable=True),
    ActionSpec("faster", "Faster", ("+", "="), "Play faster", "Write", group="Play faster / slower"),
    ActionSpec("slower", "Slower", ("-",), "Play slower", "Write", group="Play faster / slower"),
    ActionSpec("choose", "Choose the selection", ("Return", "Enter"),
               "Take the selected bar as the next token, or open the selected head", "Write"),

    ActionSpec("hotter", "Hotter", ("T",), "Raise the temperature", "Dials", group="Temperature up / down"),
    ActionSpec("cooler", "Cooler", ("Shift+T",), "Lower the temperature", "Dials", group="Temperature up / down"),
    ActionSpec("top_k_up", "Top-k up", ("K",), "Keep more tokens (top-k)", "Dials",
               group="Top-k up / down (off, 1, 2, 3, 5, 10, 20, 50, 100)"),
    ActionSpec("top_k_down", "Top-k down", ("Shift+K",), "Keep fewer tokens (top-k)", "Dials",
               group="Top-k up / down (off, 1, 2, 3, 5, 10, 20, 50, 100)"),
    ActionSpec("top_p_up", "Top-p up", ("P",), "Keep more of the chance (top-p)", "Dials",
               group="Top-p up / down, by 5%"),
    ActionSpec("top_p_down", "Top-p down", ("Shift+P",), "Keep less of the chance (top-p)", "Dials",
               group="Top-p up / down, by 5%"),
    ActionSpec("next_seed", "Next seed", ("N",), "Use the next seed (another roll of the dice)", "Dials"),
    ActionSpec("reset_dials", "Reset dials", ("R",), "Temperature 1, top-k and top-p off", "Dials"),

    ActionSpec("edit_prompt", "Edit the prompt", ("Ctrl+L",), "Type in the prompt box", "Prompt"),
    ActionSpec("apply_prompt", "Use the prompt now", ("Ctrl+Return", "Ctrl+Enter"),
               "Without waiting for the pause in typing", "Prompt"),
    ActionSpec("leave", "Leave the prompt box", ("Esc",),
               "Hand the keys back to the model (a click elsewhere does too); also leaves full screen", "Prompt"),
    ActionSpec("chat", "Chat", ("C",), "Switch between Text (the model continues your text) and Chat "
               "(you ask a question, the model answers)", "Prompt", checkable=True),

    *(ActionSpec(f"view_{key}", f"{number}  {title}", (str(number),), f"Show the {title} view", "View",
                 group="Switch view") for number, (key, title) in enumerate(VIEW_TITLES, start=1)),
    ActionSpec("select_left", "Select earlier", ("Shift+Left",), "Select the earlier token, bar or head", "View",
               group=SELECTION_HELP),
    ActionSpec("select_right", "Select later", ("Shift+Right",), "Select the later token, bar or head", "View",
               group=SELECTION_HELP),
    ActionSpec("select_up", "Select up", ("Shift+Up",), "Up: the earlier token or bar, the floor above", "View",
               group=SELECTION_HELP),
    ActionSpec("select_down", "Select down", ("Shift+Down",), "Down: the later token or bar, the floor below",
               "View", group=SELECTION_HELP),
)
