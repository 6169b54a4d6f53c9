"""The Compare page inside the main window: built from the window's model shelf, registry and panel.

`compare_page(window)` is what a `PageSpec` names (gui/common/pages.py builds a page by calling it with
the window). The models are the shelf's inspection copies (`ModelShelf.inspect`): the base model
and the newest model of each aligned kind (sft, rlhf, dpo). When a model is added to or removed
from the shelf the page compares again with the models there are now; while it is not in front,
it does so once it is shown.
"""
from __future__ import annotations

from .models import shelf_models
from .qt_compare_page import QtComparePage


def compare_page(window) -> QtComparePage:
    from ..common.shelf_files import put_bundled_aligned
    shelf = window.shelf
    for note in put_bundled_aligned(shelf):
        window.report(note)
    models, tokenizer = shelf_models(shelf)
    page = QtComparePage(models, tokenizer, window, actions=window.actions, explanation=window.explanation,
                         report=window.report)

    def on_shelf_change(what: str) -> None:
        if what == "models":
            page.set_models(*shelf_models(shelf))

    shelf.subscribe(on_shelf_change)
    page.destroyed.connect(lambda *_: shelf.unsubscribe(on_shelf_change))
    return page
