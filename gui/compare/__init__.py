"""The Compare page: the same request answered before and after alignment, down to the token and
inside the model, a blind vote for the room, and the evaluation's numbers (issue 11).

`QtComparePage(models, tokenizer)` is the page; `COMPARE_ACTIONS` its keys (`page="compare"`);
`compare_page(window)` builds it for the main window from the model shelf; `python -m gui.compare`
opens it alone.
"""
from .compare_actions import COMPARE_ACTIONS

__all__ = ["COMPARE_ACTIONS"]
