"""The main window's models: the first one loaded once the window is on screen, a folder opened
later (Ctrl+O), and the line at the bottom right that says which model and snapshot is behind the
views. A model that cannot be read never closes the window: it says why and what to do instead.

A mixin of `QtMainWindow` (gui/common/qt_main_window.py), which owns the widgets and the shelf.
"""
from __future__ import annotations

import traceback

from PySide6 import QtWidgets

DEFAULT_PROMPT = "Once upon a time"


class WindowModels:
    # -- loading -------------------------------------------------------------------------------
    def load(self) -> None:
        """Import torch, put the model on the shelf and build the pages; called once the window is on screen."""
        if self.exploration is not None:
            return
        try:
            import torch
            torch.set_num_threads(1)  # two busy threads on a small laptop starve the GUI thread
            from explainer import CheckpointError, SamplerSettings, load_model
            from explainer.explore import Exploration
            from explainer.shelf import ModelShelf

            from .shelf_files import put_on_shelf
        except Exception as exc:  # noqa: BLE001 - a broken install still gets a readable window
            traceback.print_exc()
            self._fail(f"The engine could not start: {exc}")
            return
        try:
            lm = load_model(self.model_name)
            shelf = ModelShelf()
            key, note = put_on_shelf(shelf, lm)
            shelf.show(key, None)
            ex = Exploration(shelf.inspection_model, lm.tokenizer, settings=SamplerSettings(), seed=0,
                             prompt=DEFAULT_PROMPT)
        except CheckpointError as exc:
            self._fail(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - an unreadable disk or a bug: say so, keep the window
            traceback.print_exc()
            self._fail(f"Reading the model failed: {exc}")
            return
        self.set_exploration(ex, lm.info, lm.path.name, shelf=shelf)
        if note:
            self.report(note)

    def _fail(self, reason: str) -> None:
        self.show_message("No model could be opened.",
                          f"{reason}<br><br>Train one in a few minutes with<br><code>explainer train --preset live "
                          "--minutes 3 --out runs/live</code><br>then open it with "
                          "<code>explainer app --model runs/live</code>")
        self.model_label.setText("no model loaded")
        self.loadFinished.emit(False)

    def open_model(self) -> None:
        """Ctrl+O: a model folder, or an interrupted run, onto the shelf and behind the views."""
        from ..train.run_recipes import runs_root
        folder = QtWidgets.QFileDialog.getExistingDirectory(self, "Open a model folder (ours, GPT-2, Pythia) or a run",
                                                            str(runs_root(self)))
        if folder:
            self.open_model_folder(folder)

    def open_model_folder(self, folder: str) -> str | None:
        """Load `folder` onto the shelf and show it; its key, or None (the reason is on the status line)."""
        from explainer import CheckpointError, load_model

        from .shelf_files import describe_real, from_elsewhere, put_on_shelf
        self.report(f"Opening {folder}…")
        QtWidgets.QApplication.processEvents()  # a real model takes seconds to read: say so first
        try:
            loaded = load_model(folder)
        except CheckpointError as exc:
            self.report(f"That folder could not be opened: {exc}")
            return None
        key, note = put_on_shelf(self.shelf, loaded)
        self.player.stop_film()
        self.shelf.show(key, None)
        model = self.shelf.models[key]
        if note:
            self.report(note)
        elif from_elsewhere(model.info):
            revisions = f"; {len(model.points)} revisions on its timeline" if len(model.points) > 1 else ""
            self.report(f"Opened {describe_real(model)}{revisions}. It continues text; it was never taught to chat.")
        else:
            self.report(f"Opened {model.title}: {len(model.points)} snapshots on its timeline.")
        return key

    def describe_shown(self) -> str:
        model = self.shelf.shown
        if model is None:
            return "no model shown"
        from .shelf_files import describe_real, from_elsewhere
        c = model.config
        shape = f"{c.n_layer} layers × {c.n_head} heads · reads {c.block_size:,} tokens"
        step = self.shelf.shown_step
        at = model.latest_step if step is None else step
        last = max([model.latest_step] + model.steps())
        if from_elsewhere(model.info):  # trained elsewhere: no training record here, say what it is instead
            return f"Model: {describe_real(model, at, where=False)} · {shape}"  # the note under the prompt says more
        if not model.points and not model.live:  # a model without a timeline: as the Explore window said it
            info = model.info
            seen = info.metrics.get("tokens_seen") if info is not None else None
            trained = f", trained {info.step:,} steps" if info is not None else ""
            return f"Model: {model.title}{trained}" + (f" on {seen / 1e6:.1f} M tokens" if seen else "") + f" · {shape}"
        return f"Model: {model.title}, step {at:,} of {last:,}" + (" so far" if model.live else "") + f" · {shape}"

    def note_page(self, key: str) -> None:
        """A page is in front: the Align page says at once that it never aligns a model trained elsewhere."""
        from .shelf_files import NOT_TRAINED_HERE, from_elsewhere
        model = self.shelf.shown if self.shelf is not None else None
        if key == "align" and model is not None and from_elsewhere(model.info):
            self.report(NOT_TRAINED_HERE.format(title=model.title))
