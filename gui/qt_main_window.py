"""QtMainWindow: the Explore window. Prompt and token chips on top, the five views in the
centre with the growing text under them, the controls at the bottom, the explanation
of the current view on the right, and which model is loaded on the status line.

The window opens before torch and the model are loaded: `load()` runs after the first
paint and builds the views once an Exploration exists; if no model can be loaded the
window stays open and says why and what to do.
"""
from __future__ import annotations

import traceback

from PySide6 import QtCore, QtGui, QtWidgets

from .qt_explanation import QtExplanation
from .qt_help_overlay import QtHelpOverlay

ARROWS = {"Right": "→", "Left": "←", "Backspace": "⌫"}
EXTRA_KEYS = [("1 2 3 4 5", "Switch view"), ("Tab, then ↑ ↓ and Enter", "On the bars: pick a token and choose it"),
              ("Ctrl+L", "Edit the prompt"), ("Ctrl+Enter", "Use the prompt now (it also applies as you pause)"),
              ("Esc", "Leave the prompt or the attention grid, back to the shortcuts"), ("F1 or ?", "Show or hide this help"),
              ("Ctrl+Q", "Quit")]
DEFAULT_PROMPT = "Once upon a time"


class QtMainWindow(QtWidgets.QMainWindow):
    loadFinished = QtCore.Signal(bool)  # after load(): True with a model, False with a message instead

    def __init__(self, model: str = "base", exploration=None, info=None) -> None:
        super().__init__()
        self.model_name = str(model)
        self.exploration = None
        self.setWindowTitle("explainer: watch a language model think")
        self.resize(1440, 900)
        self.message = QtWidgets.QLabel(self)
        self.message.setObjectName("bigMessage")
        self.message.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pages = QtWidgets.QStackedWidget(self)
        self.pages.addWidget(self.message)
        self.explanation = QtExplanation(self)
        self.splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.explanation)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([1100, 340])
        self.setCentralWidget(self.splitter)
        self.model_label = QtWidgets.QLabel(self)
        self.model_label.setAccessibleName("Loaded model")
        self.statusBar().addPermanentWidget(self.model_label)
        self.help = QtHelpOverlay(self, EXTRA_KEYS)
        self._shortcut("F1", self.help.toggle)
        self._shortcut("?", self.help.toggle)
        self._shortcut("Ctrl+Q", self.close)
        self.show_message("Loading the model…", "It takes a moment the first time.")
        if exploration is not None:
            self.set_exploration(exploration, info)

    def _shortcut(self, keys: str, slot) -> QtGui.QShortcut:
        shortcut = QtGui.QShortcut(QtGui.QKeySequence(keys), self)
        shortcut.activated.connect(slot)
        return shortcut

    def show_message(self, headline: str, detail: str = "") -> None:
        self.message.setText(f"<p style='font-size:x-large'>{headline}</p><p style='color:#555'>{detail}</p>")
        self.pages.setCurrentWidget(self.message)

    # -- loading -------------------------------------------------------------------------------
    def load(self) -> None:
        """Import torch, load the model and build the views; called once the window is on screen."""
        if self.exploration is not None:
            return
        try:
            import torch
            torch.set_num_threads(1)  # two busy threads on a small laptop starve the GUI thread
            from explainer import CheckpointError, SamplerSettings, load_model
            from explainer.explore import Exploration
        except Exception as exc:  # noqa: BLE001 - a broken install still gets a readable window
            traceback.print_exc()
            self._fail(f"The engine could not start: {exc}")
            return
        try:
            lm = load_model(self.model_name)
            ex = Exploration(lm.model, lm.tokenizer, settings=SamplerSettings(), seed=0, prompt=DEFAULT_PROMPT)
        except CheckpointError as exc:
            self._fail(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - an unreadable disk or a bug: say so, keep the window
            traceback.print_exc()
            self._fail(f"Reading the model failed: {exc}")
            return
        self.set_exploration(ex, lm.info, lm.path.name)

    def _fail(self, reason: str) -> None:
        self.show_message("No model could be opened.",
                          f"{reason}<br><br>Train one in a few minutes with<br><code>explainer train --preset live "
                          "--minutes 3 --out runs/live</code><br>then open it with "
                          "<code>explainer app --model runs/live</code>")
        self.model_label.setText("no model loaded")
        self.loadFinished.emit(False)

    def set_exploration(self, exploration, info=None, name: str = "") -> None:
        """Build the Explore page around `exploration` (once)."""
        from .qt_controls import QtControls
        from .qt_generated_text import QtGeneratedText
        from .qt_prompt import QtPrompt
        from .qt_token_chips import QtTokenChips
        from .qt_views import VIEWS, QtViews

        ex = self.exploration = exploration
        page = QtWidgets.QWidget(self)
        self.prompt = QtPrompt(ex, page)
        self.chips = QtTokenChips(ex, page)
        self.views = QtViews(ex, page)
        self.generated = QtGeneratedText(ex, page)
        self.controls = QtControls(ex, page)
        middle = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical, page)
        middle.addWidget(self.views)
        middle.addWidget(self.generated)
        middle.setStretchFactor(0, 3)
        middle.setStretchFactor(1, 1)
        middle.setSizes([520, 150])
        layout = QtWidgets.QVBoxLayout(page)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addWidget(self.prompt)
        layout.addWidget(self.chips)
        layout.addWidget(middle, 1)
        layout.addWidget(self.controls)
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)

        self.views.viewChanged.connect(self._on_view_change)
        self.controls.messageReported.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.prompt.editorLeft.connect(self.focus_views)
        for number, (key, *_rest) in enumerate(VIEWS, start=1):
            self._shortcut(str(number), lambda key=key: self.views.show_view(key))
        self._shortcut("Ctrl+L", self.prompt.editor.setFocus)
        self.help.set_shortcuts(self._shortcut_list())
        self.model_label.setText(self.describe_model(ex, info, name or self.model_name))
        self._on_view_change(self.views.current_key, self.views.currentWidget())
        self.focus_views()
        self.statusBar().showMessage("Press → to let the model write, F1 for every key.")
        self.loadFinished.emit(True)

    def _shortcut_list(self) -> list[tuple[str, str]]:
        rows = []
        for name, action in self.controls.actions_for_help():
            keys = [s.toString() for s in action.shortcuts()]
            rows.append((" or ".join(ARROWS.get(k, k) for k in keys), f"{name}: {action.statusTip().lower()}"))
        return rows + EXTRA_KEYS

    @staticmethod
    def describe_model(ex, info, name: str) -> str:
        c = ex.model.config
        shape = f"{c.n_layer} layers × {c.n_head} heads · reads {c.block_size} tokens"
        if info is None:
            return f"Model: {name} (not from a file) · {shape}"
        seen = info.metrics.get("tokens_seen")
        trained = f"trained {info.step:,} steps" + (f" on {seen / 1e6:.1f} M tokens" if seen else "")
        return f"Model: {name}, {trained} · {shape}"

    # -- view switching --------------------------------------------------------------------------
    def _on_view_change(self, key: str, view: QtWidgets.QWidget) -> None:
        self.explanation.show_view(key, view)

    def focus_views(self) -> None:
        self.views.tabBar().setFocus()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self.exploration is not None:
            self.controls.pause()
        super().closeEvent(event)
