"""QtMainWindow: the window and what its pages share. The pages (Explore, Train, ...; see
gui/common/pages.py) in the centre, switched with Ctrl+1, Ctrl+2 or the page buttons at the top
right; the explanation of what is in front on the right; the status line at the bottom.

The window owns what the pages share: one `ModelShelf` (every model the app knows, and
which snapshot of which is behind the views), one `TimelinePlayer` over it, one
`QtTrainingWorker` for every kind of training, the action registry and the key router.

It opens before torch and the model are loaded: `load()` runs after the first paint and
builds the pages once a model is on the shelf; if no model can be loaded the window stays
open and says why and what to do. Every key is an action of the registry; the key router
makes them work whatever widget was clicked last, and the menu bar and the help overlay are
built from the same registry, for the page in front.
"""
from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from . import themes
from .actions import GLOBAL_ACTIONS, ActionRegistry
from .key_router import KeyRouter
from .pages import PAGES, PageSlot, page_actions
from .qt_explanation import QtExplanation
from .qt_focus_frame import QtFocusFrame
from .qt_help_overlay import QtHelpOverlay
from .qt_training_worker import QtTrainingWorker
from .timeline import TIMELINE_ACTIONS
from .window_models import WindowModels
from .zoom import Zoom

TALL_WINDOW = 900  # pixels: from here on, three rows of token chips instead of two
# The worker kind and thread count for training in the window, chosen by `python -m gui.bench
# training` (docs/train.md): a spawned process with one torch thread keeps the window's timer
# on time and trains at the headless speed; a thread shares the window's interpreter.
WORKER_KIND, WORKER_THREADS = "process", 1
WORKER_REASON = ("a spawned process keeps training out of the window's interpreter, its lock and its garbage "
                 "collector, and a crash of it leaves the window up; one thread leaves the second core to the window")
CLOSE_WAIT_MS = 20_000  # closing during a run: time for it to save before the worker is ended


class QtMainWindow(WindowModels, QtWidgets.QMainWindow):
    loadFinished = QtCore.Signal(bool)  # after load(): True with a model, False with a message instead

    def __init__(self, model: str = "base", exploration=None, info=None, runs_dir: str | None = None) -> None:
        super().__init__()
        self.model_name = str(model)
        self.runs_dir = runs_dir  # None: the user's data folder (see gui/train/qt_train_page.py)
        self.exploration = self.shelf = self.player = None
        self.page_widgets: dict = {}
        self.current_page = PAGES[0].key
        self.setWindowTitle("explainer: watch a language model think and learn")
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
        self.model_label.setAccessibleName("Model behind the views")
        self.statusBar().addPermanentWidget(self.model_label)

        from ..talk.talk_actions import TALK_ACTIONS
        specs = GLOBAL_ACTIONS + page_actions() + TIMELINE_ACTIONS + TALK_ACTIONS
        self.actions = ActionRegistry(specs + tuple(a for p in PAGES for a in p.load_actions()), parent=self)
        self.worker = QtTrainingWorker(self, kind=WORKER_KIND, threads=WORKER_THREADS)
        self.zoom = Zoom()
        self.help = QtHelpOverlay(self)
        self.focus_frame = QtFocusFrame(self)
        self.actions.bind(help=self.help.toggle, quit=self.close, full_screen=self.toggle_full_screen,
                          zoom_in=lambda: self.zoom.step(1), zoom_out=lambda: self.zoom.step(-1),
                          zoom_reset=self.zoom.reset)
        themes.install(self)  # Ctrl+Shift+T, and the theme and zoom remembered from the last run
        self._build_page_buttons()
        self.presenter = None  # the talk (gui/talk/presenter.py), once the model has loaded
        self.router = KeyRouter(self, self.actions, page=lambda: self.current_page, blocked=self.help.isVisible,
                                leave_typing=self.focus_page, focus_frame=self.focus_frame,
                                mode=lambda: self.presenter.mode if self.presenter is not None else None)
        self.refresh_menus()
        self.show_message("Loading the model…", "It takes a moment the first time.")
        if exploration is not None:
            self.set_exploration(exploration, info)

    def _build_page_buttons(self) -> None:
        """The pages as buttons in the menu bar's corner: they cost no height on a small screen."""
        bar = QtWidgets.QWidget(self)
        row = QtWidgets.QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 6, 0)
        row.setSpacing(2)
        row.addWidget(QtWidgets.QLabel("Page:", bar))
        self.page_buttons = {}
        for spec in PAGES:
            button = QtWidgets.QToolButton(bar)
            button.setDefaultAction(self.actions.qaction(f"page_{spec.key}"))
            button.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setFocusPolicy(QtCore.Qt.FocusPolicy.TabFocus)
            button.setAutoRaise(True)
            row.addWidget(button)
            self.page_buttons[spec.key] = button
        self.menuBar().setCornerWidget(bar, QtCore.Qt.Corner.TopRightCorner)

    def refresh_menus(self) -> None:
        """The menus and the help for the page in front (and the talk's keys while one is presented)."""
        mode = self.presenter.mode if self.presenter is not None else None
        self.actions.build_menus(self.menuBar(), self.current_page, mode)
        self.help.set_sections(self.actions.help_sections(self.current_page, mode))

    def show_message(self, headline: str, detail: str = "") -> None:
        muted = themes.css("muted")
        self.message.setText(f"<p style='font-size:x-large'>{headline}</p><p style='color:{muted}'>{detail}</p>")
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

    def set_exploration(self, exploration, info=None, name: str = "", shelf=None) -> None:
        """Build the pages around `exploration` (once). Without a shelf (a model not from a file,
        in tests), the model goes on a shelf of its own, without a timeline."""
        from .timeline import TimelinePlayer
        if shelf is None:
            from explainer.shelf import ModelShelf, ShelfModel
            from explainer.weights import saved_state
            shelf = ModelShelf()
            shelf.add(ShelfModel("given", f"{name or 'the given model'} (not from a file)", "pretrained",
                                 exploration.model.config, exploration.tokenizer,
                                 latest=saved_state(exploration.model), info=info))
            shelf.show("given")
            exploration.set_model(shelf.inspection_model)  # the views draw the inspection copy, as always
        self.exploration, self.shelf = exploration, shelf
        self.player = TimelinePlayer(shelf, self)
        self.player.report = self.report
        p = self.player
        self.actions.bind(snapshot_earlier=p.earlier, snapshot_later=p.later, film=p.toggle_film,
                          timeline_model=p.next_model, open_model=self.open_model,
                          continue_here=lambda: self.page("train").continue_here(),
                          **{f"page_{spec.key}": (lambda k=spec.key: self.show_page(k)) for spec in PAGES})
        # the pages' aliases the tests and scripts have always used
        explore = self.page(PAGES[0].key)
        self.prompt, self.chips, self.views = explore.prompt, explore.chips, explore.views
        self.generated, self.controls, self.middle = explore.generated, explore.controls, explore.middle
        from ..talk.figures import FigureExporter
        from ..talk.presenter import Presenter
        from ..talk.scene_files import bind_scene_actions
        self.presenter = Presenter(self)
        bind_scene_actions(self)
        self.figures = FigureExporter(self)
        shelf.subscribe(self._on_shelf_change)
        self._on_shelf_change("shown")
        self.show_page(PAGES[0].key)
        self.report("Press → to let the model write, Ctrl+2 to watch one learn, F1 for every key.")
        self.loadFinished.emit(True)

    def page(self, key: str):
        """A page, built the first time it is asked for: the window opens with the first page only,
        and a page nobody opens costs nothing."""
        if key not in self.page_widgets:
            spec = next(s for s in PAGES if s.key == key)
            self.page_widgets[key] = spec.build(self)
            self.pages.addWidget(PageSlot(self.page_widgets[key], self.pages))
        return self.page_widgets[key]

    def show_page(self, key: str) -> None:
        page = self.page(key)
        self.current_page = key
        self.pages.setCurrentWidget(page.parentWidget())
        self.pages.updateGeometry()  # the page in front is the one whose size counts now
        for spec in PAGES:
            with QtCore.QSignalBlocker(self.actions.qaction(f"page_{spec.key}")):
                self.actions.qaction(f"page_{spec.key}").setChecked(spec.key == key)
        self.refresh_menus()
        for hook in ("page_shown", "explain", "focus_page"):  # a page may leave any of them out (gui/common/pages.py)
            getattr(page, hook, lambda: None)()
        self.note_page(key)

    def focus_page(self) -> None:
        """Take the keyboard away from wherever it was (the prompt box) and give it to the page."""
        if self.current_page in self.page_widgets:
            getattr(self.page_widgets[self.current_page], "focus_page", self.setFocus)()
        else:
            self.setFocus()

    focus_views = focus_page  # the Explore window's name for it

    # -- what is shown ------------------------------------------------------------------------------
    def _on_shelf_change(self, what: str) -> None:
        if what == "shown":
            self.model_label.setText(self.describe_shown())

    def report(self, text: str) -> None:
        """What just happened, on the status line; an empty text clears it. Kept until the next one."""
        self.status_text.setText(text)

    def status(self) -> str:
        return self.status_text.text()

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._panel_by_hand:  # the explanation: a fifth of the width, enough for a column of prose
            width = self.splitter.width()
            panel = max(self.explanation.minimumWidth(), int(width * 0.21))
            self.splitter.setSizes([width - panel, panel])
        if self.exploration is not None:
            self.chips.set_rows(3 if event.size().height() >= TALL_WINDOW * self.zoom.factor else 2)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self.presenter is not None:
            self.presenter.leave()  # its presenter view is a window of its own
        if self.player is not None:
            self.player.stop_film()
        for page in self.page_widgets.values():
            getattr(page, "shutdown", lambda: None)()
        if self.worker.busy:  # a run is going: let it save, then end it whatever happens
            self.report("Saving the run before closing…")
            loop = QtCore.QEventLoop()
            self.worker.finished.connect(loop.quit)
            QtCore.QTimer.singleShot(CLOSE_WAIT_MS, loop.quit)
            self.worker.cancel()
            if self.worker.busy:
                loop.exec()
            if self.worker.busy:
                self.worker.kill()
        super().closeEvent(event)
