"""QtMainWindow: the Explore window. Prompt and token chips on top, the six views in the
centre with the growing text under them, the controls at the bottom, the explanation
of the current view on the right, and which model is loaded on the status line.

The window opens before torch and the model are loaded: `load()` runs after the first
paint and builds the views once an Exploration exists; if no model can be loaded the
window stays open and says why and what to do. Every key is an action of the registry
(gui/actions.py, gui/explore_actions.py); the key router makes them work whatever widget
was clicked last, and the menu bar and the help overlay are built from the same registry.
"""
from __future__ import annotations

import traceback

from PySide6 import QtCore, QtGui, QtWidgets

from .actions import GLOBAL_ACTIONS, ActionRegistry
from .explore_actions import EXPLORE_ACTIONS, VIEW_TITLES
from .key_router import KeyRouter
from .qt_explanation import QtExplanation
from .qt_focus_frame import QtFocusFrame
from .qt_help_overlay import QtHelpOverlay
from .zoom import Zoom

DEFAULT_PROMPT = "Once upon a time"
TALL_WINDOW = 900  # pixels: from here on, three rows of token chips instead of two


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
        self._panel_by_hand = False  # once a person drags the divider, it stays where they put it
        self.splitter.splitterMoved.connect(lambda *_: setattr(self, "_panel_by_hand", True))
        self.setCentralWidget(self.splitter)
        # A label, not showMessage: the reason the model stopped may take two lines, and must not be cut
        self.status_text = QtWidgets.QLabel(self)
        self.status_text.setWordWrap(True)
        self.status_text.setAccessibleName("What just happened")
        self.statusBar().addWidget(self.status_text, 1)
        self.model_label = QtWidgets.QLabel(self)
        self.model_label.setAccessibleName("Loaded model")
        self.statusBar().addPermanentWidget(self.model_label)

        self.actions = ActionRegistry(GLOBAL_ACTIONS + EXPLORE_ACTIONS, parent=self)
        self.zoom = Zoom()
        self.help = QtHelpOverlay(self)
        self.focus_frame = QtFocusFrame(self)
        self.actions.bind(help=self.help.toggle, quit=self.close, full_screen=self.toggle_full_screen,
                          zoom_in=lambda: self.zoom.step(1), zoom_out=lambda: self.zoom.step(-1),
                          zoom_reset=self.zoom.reset)
        self.router = KeyRouter(self, self.actions, page=lambda: "explore", blocked=self.help.isVisible,
                                leave_typing=self.focus_views, focus_frame=self.focus_frame)
        self._refresh_menus_and_help()
        self.show_message("Loading the model…", "It takes a moment the first time.")
        if exploration is not None:
            self.set_exploration(exploration, info)

    def _refresh_menus_and_help(self) -> None:
        self.actions.build_menus(self.menuBar(), "explore")
        self.help.set_sections(self.actions.help_sections("explore"))

    def show_message(self, headline: str, detail: str = "") -> None:
        self.message.setText(f"<p style='font-size:x-large'>{headline}</p><p style='color:#555'>{detail}</p>")
        self.pages.setCurrentWidget(self.message)

    def fit_to_screen(self) -> None:
        """Open as large as the screen the window is on allows (less room for a title bar)."""
        screen = self.screen() or QtGui.QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        frame = self.frameGeometry().height() - self.geometry().height()  # 0 before the window manager adds one
        self.resize(area.width(), area.height() - max(frame, 0))
        self.move(area.topLeft())

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()
        with QtCore.QSignalBlocker(self.actions.qaction("full_screen")):
            self.actions.qaction("full_screen").setChecked(self.isFullScreen())

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
        from .qt_subscription import follow
        from .qt_token_chips import QtTokenChips
        from .qt_views import QtViews

        ex = self.exploration = exploration
        page = QtWidgets.QWidget(self)
        self.prompt = QtPrompt(ex, page, actions=self.actions)
        self.chips = QtTokenChips(ex, page)
        self.views = QtViews(ex, page)
        self.generated = QtGeneratedText(ex, page)
        self.controls = QtControls(ex, page, actions=self.actions)
        middle = self.middle = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical, page)
        middle.addWidget(self.views)
        middle.addWidget(self.generated)
        middle.setStretchFactor(0, 3)
        middle.setStretchFactor(1, 1)
        middle.setChildrenCollapsible(False)
        self._text_by_hand = False  # once a person drags the divider, it stays where they put it
        middle.splitterMoved.connect(lambda *_: setattr(self, "_text_by_hand", True))
        middle.installEventFilter(self)
        layout = QtWidgets.QVBoxLayout(page)
        layout.setContentsMargins(8, 4, 8, 2)
        layout.setSpacing(4)
        layout.addWidget(self.prompt)
        layout.addWidget(self.chips)
        layout.addWidget(middle, 1)
        layout.addWidget(self.controls)
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)

        self.views.viewChanged.connect(self._on_view_change)
        self.controls.messageReported.connect(self.report)
        self.views.views["next"].messageReported.connect(self.report)
        self.prompt.editorLeft.connect(self.focus_views)
        self.actions.bind(leave=self.leave, choose=self.views.activate_selection,
                          select_left=lambda: self.views.move_selection(-1, 0),
                          select_right=lambda: self.views.move_selection(1, 0),
                          select_up=lambda: self.views.move_selection(0, -1),
                          select_down=lambda: self.views.move_selection(0, 1),
                          **{f"view_{key}": (lambda key=key: self.views.show_view(key)) for key, _ in VIEW_TITLES})
        self._refresh_menus_and_help()
        self._set_tab_order()
        self.model_label.setText(self.describe_model(ex, info, name or self.model_name))
        self._on_view_change(self.views.current_key, self.views.currentWidget())
        follow(self.explanation, ex, lambda what: self.explanation.set_chat(ex.chat))
        self.explanation.set_chat(ex.chat)
        self.focus_views()
        self.report("Press → to let the model write, F1 for every key.")
        self.loadFinished.emit(True)

    def _set_tab_order(self) -> None:
        """Top to bottom as drawn, the views and their bars before the explanation panel."""
        p, c = self.prompt, self.controls
        chain = [p.editor, p.text_button, p.chat_button, p.examples, self.views.tabBar()]
        chain += [self.views.views["next"], self.views.views["grid"], self.views.views["head"]._plot,
                  self.views.views["head"].lines_view(), self.views.views["lens"], self.views.views["neurons"],
                  self.views.views["embed"], self.generated.browser]
        chain += c.buttons + [c.speed, c.seed, c.temperature, c.top_k, c.top_p, self.explanation]
        for first, second in zip(chain, chain[1:]):
            self.setTabOrder(first, second)

    def report(self, text: str) -> None:
        """What just happened, on the status line; an empty text clears it. Kept until the next one."""
        self.status_text.setText(text)

    def status(self) -> str:
        return self.status_text.text()

    @staticmethod
    def describe_model(ex, info, name: str) -> str:
        c = ex.model.config
        shape = f"{c.n_layer} layers × {c.n_head} heads · reads {c.block_size} tokens"
        if info is None:
            return f"Model: {name} (not from a file) · {shape}"
        seen = info.metrics.get("tokens_seen")
        trained = f"trained {info.step:,} steps" + (f" on {seen / 1e6:.1f} M tokens" if seen else "")
        return f"Model: {name}, {trained} · {shape}"

    # -- view switching and focus ------------------------------------------------------------------
    def _on_view_change(self, key: str, view: QtWidgets.QWidget) -> None:
        self.explanation.show_view(key, view)

    def focus_views(self) -> None:
        """Take the keyboard away from wherever it was (the prompt box) and give it to the views."""
        if self.exploration is not None:
            self.views.tabBar().setFocus()
        else:
            self.setFocus()

    def leave(self) -> None:
        """Esc: leave the prompt box, or else full screen."""
        if QtWidgets.QApplication.focusWidget() is self.prompt.editor:
            self.focus_views()
        elif self.isFullScreen():
            self.toggle_full_screen()
        else:
            self.focus_views()

    def eventFilter(self, watched, event) -> bool:
        if watched is getattr(self, "middle", None) and event.type() == QtCore.QEvent.Type.Resize \
                and not self._text_by_hand:
            # the text gets what its legend and three lines need, a little more on a tall window; the view the rest
            total = self.middle.height() - self.middle.handleWidth()
            text = max(self.generated.minimumHeight(), int(total * 0.2))
            self.middle.setSizes([total - text, text])
        return False

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._panel_by_hand:  # the explanation: a fifth of the width, enough for a column of prose
            width = self.splitter.width()
            panel = max(self.explanation.minimumWidth(), int(width * 0.21))
            self.splitter.setSizes([width - panel, panel])
        if self.exploration is not None:
            self.chips.set_rows(3 if event.size().height() >= TALL_WINDOW * self.zoom.factor else 2)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self.exploration is not None:
            self.controls.pause()
        super().closeEvent(event)
