"""The Align page's actions: what each key does while the room aligns a model.

Data only; `QtAlignPage` binds the handlers. The number keys are the room's votes (1 / 2,
0 to skip), as a presenter reads out a show of hands, so the page's four parts have letter
keys (P, V, I, H) and the steps of the pipeline are chosen with ← / → (Page Up / Page Down,
a presenter's clicker). S runs the chosen step, Space pauses it, X stops it, as on the Train
page; the timeline's own keys ([ ] F M) act on every page.
"""
from __future__ import annotations

from ..common.actions import ActionSpec

PAGE = "align"
MENU = "Align"

# The parts of the page, in the order of their tabs: (key, letter, tab title).
PARTS = (
    ("pipeline", "P", "Pipeline"),
    ("rate", "V", "Rate it yourself"),
    ("inside", "I", "Inside the reward model"),
    ("hacking", "H", "Reward hacking"),
)

ALIGN_ACTIONS = (
    ActionSpec("align_step_next", "Next step ▶", ("Right", "PgDown"), "Choose the next step of the pipeline", MENU,
               PAGE, group="Previous / next step of the pipeline"),
    ActionSpec("align_step_previous", "◀ Previous step", ("Left", "PgUp"), "Choose the previous step", MENU, PAGE,
               group="Previous / next step of the pipeline"),
    ActionSpec("align_run", "Run ▶", ("S", "Ctrl+Return"), "Run the chosen step: train it here, live", MENU, PAGE),
    ActionSpec("align_pause", "Pause ❚❚", ("Space",), "Pause the step that runs, or resume it", MENU, PAGE,
               checkable=True),
    ActionSpec("align_stop", "Stop ■", ("X",), "Stop the step after this update and save it", MENU, PAGE),
    ActionSpec("align_bundled", "Use the bundled model", ("B",), "Skip the training: show the model this step "
               "made when the app was built", MENU, PAGE),
    ActionSpec("align_vote_1", "Answer 1 is better", ("1",), "Vote for the first answer", MENU, PAGE,
               group="Vote: 1 or 2 for the better answer, 0 to skip"),
    ActionSpec("align_vote_2", "Answer 2 is better", ("2",), "Vote for the second answer", MENU, PAGE,
               group="Vote: 1 or 2 for the better answer, 0 to skip"),
    ActionSpec("align_vote_skip", "Skip", ("0",), "Neither: skip this pair (kept as a skip)", MENU, PAGE,
               group="Vote: 1 or 2 for the better answer, 0 to skip"),
    ActionSpec("align_retrain", "Retrain the reward model with your votes", ("T",), "Run step 2 again, with the "
               "votes in the ratings file added to the pairs it learns from", MENU, PAGE),
    ActionSpec("align_beta_up", "More β", ("+", "="), "A stronger pull back to the SFT model in RLHF", MENU, PAGE,
               group="β up / down (the KL penalty of RLHF)"),
    ActionSpec("align_beta_down", "Less β", ("-",), "A weaker pull back (0: none at all)", MENU, PAGE,
               group="β up / down (the KL penalty of RLHF)"),
    ActionSpec("align_hack_demo", "Run the reward-hacking demonstration", ("D",), "RLHF with β = 0 against a weak "
               "reward model: watch the reward climb while the answers get worse", MENU, PAGE),
    ActionSpec("align_type", "Type an answer", ("Ctrl+L",), "Type an answer of your own for the reward model to "
               "score", MENU, PAGE),
    ActionSpec("align_escape", "Leave the text box", ("Esc",), "Hand the keys back to the page", MENU, PAGE),
    *(ActionSpec(f"align_part_{key}", f"{letter}  {title}", (letter,), f"Show the {title} part", "View", PAGE,
                 group="Switch part: P pipeline, V rate, I inside the reward model, H reward hacking")
      for key, letter, title in PARTS),
)
