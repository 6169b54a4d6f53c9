"""The Compare page inside the main window: built from the window's model shelf, registry and panel.

`compare_page(window)` is what a `PageSpec` names (gui/common/pages.py builds a page by calling it with
the window). The models are the shelf's inspection copies (`ModelShelf.inspect`): the base model
and the newest model of each aligned kind (sft, rlhf, dpo). When a model is added to or removed
from the shelf the page compares again with the models there are now; while it is not in front,
it does so once it is shown. Real models on the shelf that share a tokenizer (GPT-2 and an
instruction-tuned GPT-2, opened with Ctrl+O) are another set the page can compare (O, or its
Models box); the app's own set stays the first and the default.
"""
from __future__ import annotations

from .models import BUNDLED_SET, model_sets, shelf_models
from .qt_compare_page import QtComparePage


def compare_page(window) -> QtComparePage:
    from ..common.shelf_files import put_bundled_aligned, put_bundled_base
    shelf = window.shelf
    for note in put_bundled_base(shelf) + put_bundled_aligned(shelf):  # a window opened on GPT-2 has no base
        window.report(note)
    models, tokenizer = shelf_models(shelf)
    page = QtComparePage(models, tokenizer, window, actions=window.actions, explanation=window.explanation,
                         report=window.report)
    chosen = [BUNDLED_SET]

    def choose(index: int) -> None:
        chosen[0] = model_sets(shelf)[index]
        page.set_models(*shelf_models(shelf, chosen[0]))

    def offer_sets() -> None:
        sets = model_sets(shelf)
        if chosen[0] not in sets:  # a model of it was removed: back to the app's own
            chosen[0] = BUNDLED_SET
        page.set_model_sets([s.label for s in sets], sets.index(chosen[0]), choose)

    def on_shelf_change(what: str) -> None:
        if what == "models":
            offer_sets()
            page.set_models(*shelf_models(shelf, chosen[0]))

    offer_sets()
    shelf.subscribe(on_shelf_change)
    page.destroyed.connect(lambda *_: shelf.unsubscribe(on_shelf_change))
    return page
