"""Presenter: a talk in the window, for a room (F5) or for one person at a desk (F6, the tour).

Presenter mode, as slide software does it: full screen, the menus, status line, side panel and
the Explore page's dials hidden, the text scaled so that it fills the same share of any screen
(the app is laid out for 1280 × 720: a 1080-line projector gets 150%), the narration band on
top, B for a black screen. With a second screen the presenter view goes there (notes, the next
scene, the clock, a copy of the room's screen); with one, N shows the notes over the window for
a moment. Esc gives the window back exactly as it was before the talk, but for the scene.

The tour opens the same talk in the normal window with a card at the top of the side panel that
says what to try, and waits: the arrows stay the page's, Page Down / Page Up move through it.
"""
from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from explainer.talks.scene import SceneError
from explainer.talks.talk import builtin_talks, find_talk, read_talk

from ..common import settings
from ..common.zoom import LEVELS
from .qt_presenter_view import QtPresenterView
from .qt_talk_overlays import QtBlankScreen, QtNarrationBand, QtNotesOverlay, elapsed_text, tour_card
from .report_run import export_report_dialog
from .talk_actions import TALK, TOUR
from .talk_player import TalkPlayer

DEFAULT_TALK = "intro"
DESIGN_HEIGHT = 720  # the window is laid out to be legible at 1280 × 720 at 100%


def room_zoom(screen: QtGui.QScreen | None) -> float:
    """The zoom that gives a screen the share of text a 720-line one has at 100%."""
    height = screen.geometry().height() if screen is not None else DESIGN_HEIGHT
    wanted = max(1.0, height / DESIGN_HEIGHT)
    return min(LEVELS, key=lambda level: abs(level - wanted))


class Presenter(QtCore.QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.mode: str | None = None  # TALK, TOUR or None: what the key router asks
        self.player: TalkPlayer | None = None
        self.talk_name = settings.load()["talk"] or DEFAULT_TALK
        self.band: QtNarrationBand | None = None
        self.view: QtPresenterView | None = None
        self.blank = QtBlankScreen(window)
        self.notes = QtNotesOverlay(window)
        self._before: dict = {}
        self.clock = QtCore.QTimer(self)
        self.clock.setInterval(1000)
        self.clock.timeout.connect(self._tick)
        window.actions.bind(talk_start=lambda: self.start(0), talk_resume=self.resume,
                            tour_start=lambda: self.start(0, tour=True), talk_choose=self.choose,
                            talk_next=self._next, talk_previous=self._previous,
                            talk_first=lambda: self.player.first(), talk_last=lambda: self.player.last(),
                            talk_blank=self.blank.toggle, talk_notes=self.toggle_notes, talk_leave=self.leave,
                            tour_next=self._next, tour_previous=self._previous, tour_leave=self.leave,
                            export_report=lambda: export_report_dialog(window))

    # -- starting and leaving -------------------------------------------------------------------------
    def load_talk(self, name_or_path: str):
        try:
            return read_talk(find_talk(name_or_path))
        except SceneError as exc:
            self.window.report(f"The talk could not be opened: {exc}")
            return None

    def resume(self) -> None:
        remembered = settings.load()
        self.start(remembered["talk_scene"] if remembered["talk"] == self.talk_name else 0)

    def start(self, index: int = 0, tour: bool = False, second_screen: bool | None = None,
              full_screen: bool = True) -> bool:
        """Present the chosen talk from scene `index`; `second_screen` None: use one if there is one;
        `full_screen` False keeps the window's size (a talk rendered to pictures)."""
        if self.window.exploration is None:
            self.window.report("The talk starts once the model has loaded.")
            return False
        talk = self.load_talk(self.talk_name)
        if talk is None:
            return False
        if self.mode is not None:
            self.leave()
        self._remember_window()
        for page in dict.fromkeys(s.scene.page for s in talk.scenes):  # built now, at F5, not in front of the room
            self.window.page(page)
        self.mode = TOUR if tour else TALK
        zoom = room_zoom(self.window.screen()) if full_screen and not tour else 1.0
        self.player = TalkPlayer(self.window, talk, room_zoom=zoom, parent=self)
        self.player.changed.connect(self._show_scene)
        self.player.failed.connect(self._show_problem)
        self._dress(tour, full_screen)
        index = min(max(index, 0), len(talk.scenes) - 1)
        if not self.player.go(index) and not (index and self.player.go(0)):
            self.leave()
            return False
        screens = QtGui.QGuiApplication.screens()
        if not tour and (second_screen if second_screen is not None else len(screens) > 1):
            self.view = QtPresenterView(self.player, self.window, self._key_from_view)
            other = next((s for s in screens if s is not self.window.screen()), None)
            if other is not None:
                self.view.setGeometry(other.availableGeometry())
            self.view.show()
        self.clock.start()
        return True

    def leave(self) -> None:
        """Esc: the window as it was before the talk (its size, chrome and zoom), on the scene reached."""
        if self.mode is None:
            return
        if self.player is not None:
            self.player.stop_own_run()  # a live run the talk started ends with the talk
        self.clock.stop()
        self.blank.hide()
        self.notes.hide()
        if self.view is not None:
            self.view.close()
            self.view.deleteLater()
            self.view = None
        if self.band is not None:
            self.window.removeToolBar(self.band)
            self.band.deleteLater()
            self.band = None
        if self.mode == TOUR:
            self.window.explanation.anchorClicked.disconnect(self._on_tour_link)
            self.window.explanation.set_banner("")
        self.mode = None
        self._restore_window()
        self.window.focus_page()
        self.window.refresh_menus()

    # -- the window's clothes ---------------------------------------------------------------------------
    def _chrome(self) -> list[QtWidgets.QWidget]:
        w = self.window
        out = [w.menuBar(), w.statusBar(), w.explanation]
        if w.views is not None:
            out.append(w.controls)
        return out

    def _remember_window(self) -> None:
        w = self.window
        self._before = {"full": w.isFullScreen(), "zoom": w.zoom.factor,
                        "visible": [(c, c.isVisible()) for c in self._chrome()]}

    def _dress(self, tour: bool, full_screen: bool = True) -> None:
        w = self.window
        if tour:
            w.explanation.anchorClicked.connect(self._on_tour_link)
        else:
            self.band = QtNarrationBand(w)
            w.addToolBar(QtCore.Qt.ToolBarArea.TopToolBarArea, self.band)
        if not tour:
            for c in self._chrome():
                c.hide()
            if full_screen:
                w.showFullScreen()
        w.refresh_menus()
        w.focus_page()

    def _restore_window(self) -> None:
        w, before = self.window, self._before
        for c, visible in before.get("visible", []):
            c.setVisible(visible)
        if w.isFullScreen() and not before.get("full"):
            w.showNormal()
        w.zoom.set_factor(before.get("zoom", w.zoom.factor))

    # -- during the talk ---------------------------------------------------------------------------------
    def _next(self) -> None:
        self.blank.hide()
        self.player.next()

    def _previous(self) -> None:
        self.blank.hide()
        self.player.previous()

    def _show_scene(self) -> None:
        p, scene = self.player, self.player.scene
        if self.band is not None and scene is not None:
            self.band.show_scene(p.position_text(), scene.title, scene.narration)
        elif self.mode == TOUR and scene is not None:
            self.window.explanation.set_banner(tour_card(p.position_text(), scene.title, scene.narration,
                                                         scene.try_this))
        if self.notes.isVisible():
            self._show_notes()
        if self.mode == TALK:
            self.window.focus_page()  # whatever the scene's page, the keys are the talk's

    def _show_problem(self, message: str) -> None:
        """What went wrong, where the presenter looks (the status line is hidden while presenting)."""
        if self.band is not None:
            self.band.show_problem(message)
        elif self.mode == TOUR and self.player.scene is not None:
            s = self.player.scene
            self.window.explanation.set_banner(tour_card(self.player.position_text(), s.title, s.narration,
                                                         s.try_this, message))

    def _on_tour_link(self, url) -> None:
        {"tour:next": self._next, "tour:previous": self._previous, "tour:leave": self.leave}.get(
            url.toString(), lambda: None)()

    def toggle_notes(self) -> None:
        if self.notes.isVisible():
            self.notes.hide()
        else:
            self._show_notes()
            self.notes.show()

    def _show_notes(self) -> None:
        p = self.player
        coming = p.next_scene.title if p.next_scene else ""
        self.notes.show_notes(p.position_text(), p.scene.notes, coming, elapsed_text(p.elapsed()))

    def _tick(self) -> None:
        if self.notes.isVisible():
            self._show_notes()

    def _key_from_view(self, key: int, modifiers: int) -> bool:
        """A key pressed on the presenter view: what it would do on the audience window."""
        w = self.window
        action_id = w.actions.match(key, modifiers, w.current_page, self.mode)
        return bool(action_id) and w.actions.trigger(action_id)

    # -- choosing ---------------------------------------------------------------------------------------
    def choose(self) -> None:
        """Pick a built-in talk, or a talk file of one's own."""
        names = builtin_talks()
        items = [f"{name}: {t.title} ({t.minutes} min)" for name in names if (t := self.load_talk(name))]
        items.append("A talk file of my own…")
        current = next((i for i, n in enumerate(names) if n == self.talk_name), 0)
        item, ok = QtWidgets.QInputDialog.getItem(self.window, "Choose a talk", "Talk:", items, current, False)
        if not ok:
            return
        if item == items[-1]:
            path, _ = QtWidgets.QFileDialog.getOpenFileName(self.window, "Open a talk", "", "Talks (*.toml)")
            if not path or self.load_talk(path) is None:
                return
            self.talk_name = path
        else:
            self.talk_name = item.split(":", 1)[0]
        settings.remember(talk=self.talk_name, talk_scene=0)
        self.window.report(f"Talk chosen: {item}. F5 presents it, F6 takes it as a tour.")
