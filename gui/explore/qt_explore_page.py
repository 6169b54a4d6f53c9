"""QtExplorePage: prompt and token chips on top, the six views in the centre with the growing
text under them, the timeline and the controls at the bottom.

The page draws the window's Exploration. Its model is always the shelf's *inspection model*:
when the timeline shows another snapshot (or a run's newer weights arrive), the page hands
the new weights to the Exploration, and every view redraws from it.
"""
from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from ..common.pages import QtPage
from ..common.qt_subscription import follow
from ..common.qt_timeline import QtTimeline
from . import texts
from .explore_actions import VIEW_TITLES
from .qt_controls import QtControls
from .qt_generated_text import QtGeneratedText
from .qt_prompt import QtPrompt
from .qt_token_chips import QtTokenChips
from .qt_views import QtViews


class QtExplorePage(QtPage):
    key = "explore"

    def __init__(self, window) -> None:
        super().__init__(window)
        ex = self.exploration = window.exploration
        actions = window.actions
        self.prompt = QtPrompt(ex, self, actions=actions)
        self.chips = QtTokenChips(ex, self)
        self.views = QtViews(ex, self)
        self.generated = QtGeneratedText(ex, self)
        self.timeline = QtTimeline(window.player, actions, self, compact=True)
        self.controls = QtControls(ex, self, actions=actions)
        middle = self.middle = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical, self)
        middle.addWidget(self.views)
        middle.addWidget(self.generated)
        middle.setStretchFactor(0, 3)
        middle.setStretchFactor(1, 1)
        middle.setChildrenCollapsible(False)
        self._text_by_hand = False  # once a person drags the divider, it stays where they put it
        middle.splitterMoved.connect(lambda *_: setattr(self, "_text_by_hand", True))
        middle.installEventFilter(self)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 2)
        layout.setSpacing(4)
        layout.addWidget(self.prompt)
        layout.addWidget(self.chips)
        layout.addWidget(middle, 1)
        layout.addWidget(self.timeline)
        layout.addWidget(self.controls)

        self.views.viewChanged.connect(lambda key, view: self.explain())
        self.controls.messageReported.connect(window.report)
        self.views.views["next"].messageReported.connect(window.report)
        self.prompt.editorLeft.connect(self.focus_page)
        actions.bind(leave=self.leave, choose=self.views.activate_selection,
                     select_left=lambda: self.views.move_selection(-1, 0),
                     select_right=lambda: self.views.move_selection(1, 0),
                     select_up=lambda: self.views.move_selection(0, -1),
                     select_down=lambda: self.views.move_selection(0, 1),
                     **{f"view_{key}": (lambda key=key: self.views.show_view(key)) for key, _ in VIEW_TITLES})
        self._set_tab_order()
        self._explained_chat = ex.chat
        follow(self, ex, self._on_exploration_change)
        # held back while another page is in front: the views catch up once, when this page is shown
        follow(self, window.shelf, self._on_shelf_change)
        if window.shelf.shown is not None:  # the model shown already; later ones come with "shown"
            self.prompt.set_model_note(self._model_note(window.shelf.shown))

    def _set_tab_order(self) -> None:
        """Top to bottom as drawn, the views and their bars before the explanation panel."""
        p, c, t = self.prompt, self.controls, self.timeline
        chain = [p.editor, p.text_button, p.chat_button, p.examples, self.views.tabBar()]
        chain += [self.views.views["next"], self.views.views["grid"], self.views.views["head"]._plot,
                  self.views.views["head"].lines_view(), self.views.views["lens"], self.views.views["neurons"],
                  self.views.views["embed"], self.generated.browser]
        chain += [t.model_box, t.buttons["snapshot_earlier"], t.slider, t.buttons["snapshot_later"],
                  t.buttons["film"]]
        chain += c.buttons + [c.speed, c.seed, c.temperature, c.top_k, c.top_p, self.window_.explanation]
        for first, second in zip(chain, chain[1:]):
            self.setTabOrder(first, second)

    # -- the shelf -> the Exploration ---------------------------------------------------------
    def _on_shelf_change(self, what: str) -> None:
        shelf = self.window_.shelf
        if what == "shown" and shelf.shown is not None:
            self.exploration.set_model(shelf.inspection_model, shelf.shown.tokenizer)
            self.prompt.set_model_kind(shelf.shown.kind)
            self.prompt.set_model_note(self._model_note(shelf.shown))
            if self.exploration.chat and self.window_.current_page == self.key:
                self.explain()

    def _model_note(self, model) -> str:
        """Under the prompt, for a model trained elsewhere: what it is, its size, where its weights came from."""
        from ..common.shelf_files import describe_real, from_elsewhere
        if not from_elsewhere(model.info):
            return ""
        import html
        return f"<b>{html.escape(describe_real(model))}</b>: trained elsewhere. It only continues text."

    # -- the page ---------------------------------------------------------------------------
    def _on_exploration_change(self, what: str) -> None:
        # chat mode's note comes first while it is on: what the audience is looking at
        if self.exploration.chat != self._explained_chat and self.window_.current_page == self.key:
            self.explain()

    def explain(self) -> None:
        """The view in front, in plain words; the note on tokens stays (the chips are always visible)."""
        view = self.views.currentWidget()
        extra = getattr(view, "EXPLANATION", "")  # the internals views carry their own words on reading them
        self._explained_chat = self.exploration.chat
        key = self.views.current_key
        panel = texts.ROTARY if key == "embed" and self.exploration.model.wpe is None else texts.VIEWS[key]
        self.window_.explanation.show_explanation(
            panel, extra if isinstance(extra, str) else "",
            first=(self._chat_text(),) if self.exploration.chat else (), after=(texts.TOKENS, texts.TIMELINE))

    def _chat_text(self):
        shown = self.window_.shelf.shown if self.window_.shelf is not None else None
        return texts.CHAT_ALIGNED if shown is not None and shown.kind in ("sft", "rlhf", "dpo", "hacked") else texts.CHAT

    def focus_page(self) -> None:
        """Take the keyboard away from wherever it was (the prompt box) and give it to the views."""
        self.views.tabBar().setFocus()

    def leave(self) -> None:
        """Esc: leave the prompt box, or else full screen."""
        if QtWidgets.QApplication.focusWidget() is self.prompt.editor:
            self.focus_page()
        elif self.window_.isFullScreen():
            self.window_.toggle_full_screen()
        else:
            self.focus_page()

    def shutdown(self) -> None:
        self.controls.pause()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.middle and event.type() == QtCore.QEvent.Type.Resize and not self._text_by_hand:
            # the text gets what its legend and three lines need, a little more on a tall window; the view the rest
            total = self.middle.height() - self.middle.handleWidth()
            text = max(self.generated.minimumHeight(), int(total * 0.2))
            self.middle.setSizes([total - text, text])
        return False
