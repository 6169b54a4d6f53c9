"""The Compare page's actions: what each key does while the room compares models before and after alignment.

Data only; `QtComparePage` binds the handlers. As on the other pages a presenter's clicker
works: ← / → (Page Up / Page Down) go to the previous or next held-out request. The five
parts of the page have letter keys (A, S, I, V, E), because in the blind vote the number
keys 1-4 are the room's votes. Shift + an arrow moves the selection (a token, an aligned
model), as on the Explore page.
"""
from __future__ import annotations

from ..common.actions import ActionSpec

PAGE = "compare"
MENU = "Compare"  # requests, seed and the vote; the parts of the page are in "View"
MENUS = ("Prompt", "View", MENU)  # the menus these actions use ("Compare" is the page's own)

# The parts of the page, in the order of their tabs: (key, letter, tab title).
SECTIONS = (
    ("answers", "A", "Answers"),
    ("shift", "S", "Token shift"),
    ("inside", "I", "Inside the model"),
    ("vote", "V", "Blind vote"),
    ("eval", "E", "Evaluation"),
)
VOTES = 4  # answers in the blind vote, one number key each
SELECTION_HELP = "Move the selection: ← → the token before or after, ↑ ↓ the aligned model above or below"

COMPARE_ACTIONS = (
    ActionSpec("compare_next", "Next request ▶", ("Right", "PgDown"), "The next held-out request", "Prompt", PAGE,
               group="Previous / next held-out request"),
    ActionSpec("compare_previous", "◀ Previous request", ("Left", "PgUp"), "The previous held-out request",
               "Prompt", PAGE, group="Previous / next held-out request"),
    ActionSpec("compare_surprise", "Surprise me", ("R",), "A held-out request picked at random", "Prompt", PAGE),
    ActionSpec("compare_type", "Type your own request", ("Ctrl+L",), "Type a request of your own (the rater "
               "cannot judge it: it only knows the right answers to its own requests)", "Prompt", PAGE),
    ActionSpec("compare_apply", "Ask it now", ("Ctrl+Return", "Ctrl+Enter"), "Ask every model the typed request",
               "Prompt", PAGE),
    ActionSpec("compare_leave", "Leave the request box", ("Esc",), "Hand the keys back to the page", "Prompt", PAGE),
    ActionSpec("compare_seed_up", "Next seed", ("N",), "Roll the dice again: every model answers with the next seed",
               "Prompt", PAGE, group="Next / previous seed"),
    ActionSpec("compare_seed_down", "Previous seed", ("Shift+N",), "Back to the previous seed", "Prompt", PAGE,
               group="Next / previous seed"),
    ActionSpec("compare_greedy", "Greedy", ("G",), "No dice: every model takes its most likely token (the seed "
               "then changes nothing)", "Prompt", PAGE, checkable=True),
    ActionSpec("compare_models", "Other models", ("O",), "Compare the next set of models: this app's own (base, SFT, "
               "RLHF, DPO), or real models opened with Ctrl+O that share a tokenizer", "Prompt", PAGE),

    *(ActionSpec(f"compare_section_{key}", f"{letter}  {title}", (letter,), f"Show the {title} part", "View", PAGE,
                 group="Switch part: A answers, S token shift, I inside, V vote, E evaluation")
      for key, letter, title in SECTIONS),
    ActionSpec("compare_select_left", "Earlier token", ("Shift+Left",), "Select the token before", "View", PAGE,
               group=SELECTION_HELP),
    ActionSpec("compare_select_right", "Later token", ("Shift+Right",), "Select the token after", "View", PAGE,
               group=SELECTION_HELP),
    ActionSpec("compare_select_up", "Model above", ("Shift+Up",), "Select the aligned model above", "View", PAGE,
               group=SELECTION_HELP),
    ActionSpec("compare_select_down", "Model below", ("Shift+Down",), "Select the aligned model below", "View", PAGE,
               group=SELECTION_HELP),
    ActionSpec("compare_next_shifted", "Next shifted token", ("J",), "Jump to the next token the base model would "
               "not have written (a shifted token)", "View", PAGE),

    *(ActionSpec(f"compare_vote_{n}", f"Vote {n}", (str(n),), f"One vote for answer {n}", MENU, PAGE,
                 group="1 2 3 4: one vote for that answer (blind vote)") for n in range(1, VOTES + 1)),
    ActionSpec("compare_reveal", "Reveal", ("Return", "Enter"), "Show which model wrote which answer, the tally "
               "and the rater's view (press again to hide)", MENU, PAGE, checkable=True),
    ActionSpec("compare_new_vote", "New vote", ("Backspace",), "Clear the votes and shuffle the answers again",
               MENU, PAGE),
    ActionSpec("compare_evaluate", "Compute the evaluation", ("Ctrl+E",), "Judge every model on held-out requests "
               "in the background (press again to stop)", MENU, PAGE),
)
