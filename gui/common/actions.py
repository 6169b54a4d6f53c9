"""The one registry of actions: every key of the app is defined here, once.

An action is data (`ActionSpec`: id, text, keys, help, menu, page) plus a handler that
the widget implementing it binds at run time. Buttons (`qaction(id)` as their default
action), the window's menu bar (`build_menus`), the help overlay (`help_sections`) and
the key router (`match`) are all built from the same specs, so a key cannot be listed in
one place and work differently in another. A page (Explore, Train; Align and Compare
later, see gui/common/pages.py) registers its own specs with `page=` its key; `page="global"`
acts on every page (the window's keys, the page keys, the timeline). Qt never fires the QActions' shortcuts by itself (they are shown in the
menus only): `gui.common.key_router.KeyRouter` decides, so that focused widgets cannot steal keys.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from PySide6 import QtCore, QtGui, QtWidgets

GLOBAL = "global"
KEY_NAMES = {"Right": "→", "Left": "←", "Up": "↑", "Down": "↓", "PgDown": "Page Down", "PgUp": "Page Up",
             "Return": "Enter", "Backspace": "⌫", "Esc": "Esc"}
_MODIFIERS = QtCore.Qt.KeyboardModifier


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str  # on its button and in the menu
    keys: tuple[str, ...]  # QKeySequence strings ("Right", "Shift+T", "Ctrl+="); the first is the main one
    help: str  # plain words: the help overlay, tooltips, the status line
    menu: str  # the menu (and the help section) it belongs to
    page: str = "explore"
    checkable: bool = False
    group: str = ""  # actions sharing a group are one row of the help ("T / Shift+T: temperature up / down")


def key_text(keys: Iterable[str]) -> str:
    """Keys as a person reads them: "→ or Page Down"."""
    shown = []
    for k in keys:
        parts = QtGui.QKeySequence(k).toString(QtGui.QKeySequence.SequenceFormat.PortableText).split("+")
        parts = [p for p in parts if p] or ["+"]  # "Ctrl++" splits into empty parts around its "+"
        if k.endswith("++"):
            parts.append("+")
        name = "+".join(KEY_NAMES.get(p, p) for p in parts)
        if name not in shown:  # Return and Enter both read "Enter"
            shown.append(name)
    return " or ".join(shown)


def _combination(key: str) -> tuple[int, int]:
    combo = QtGui.QKeySequence(key)[0]
    return int(combo.key().value), int(combo.keyboardModifiers().value)


class ActionRegistry:
    """Specs by id, their handlers, and the QActions built from them (owned by `parent`)."""

    MENUS = ("Write", "Dials", "Prompt", "View", "Training", "Timeline", "Pages", "Align", "Compare",
             "Talk", "Window")  # menu and help order

    def __init__(self, specs: Iterable[ActionSpec] = (), parent: QtCore.QObject | None = None) -> None:
        self.parent = parent
        self.specs: dict[str, ActionSpec] = {}
        self.handlers: dict[str, Callable[[], object]] = {}
        self._qactions: dict[str, QtGui.QAction] = {}
        self._keys: dict[tuple[str, int, int], str] = {}  # (page, key, modifiers) -> id
        self.register(*specs)

    def register(self, *specs: ActionSpec) -> None:
        for spec in specs:
            if spec.id in self.specs:
                raise ValueError(f"action {spec.id!r} is registered twice")
            for key in spec.keys:
                k, m = _combination(key)
                for (page, kk, mm), other in self._keys.items():  # a global key may be no page's key
                    if (kk, mm) == (k, m) and (page == spec.page or GLOBAL in (page, spec.page)):
                        raise ValueError(f"key {key!r} of {spec.id!r} is already {other!r}'s")
                self._keys[spec.page, k, m] = spec.id
            self.specs[spec.id] = spec

    def bind(self, **handlers: Callable[[], object]) -> None:
        for action_id, handler in handlers.items():
            if action_id not in self.specs:
                raise KeyError(f"no action {action_id!r} to bind")
            self.handlers[action_id] = handler

    # -- Qt side -----------------------------------------------------------------------
    def qaction(self, action_id: str) -> QtGui.QAction:
        """The QAction of an action (made on first use): for buttons, menus and enabled/checked state."""
        action = self._qactions.get(action_id)
        if action is None:
            spec = self.specs[action_id]
            action = QtGui.QAction(spec.text, self.parent)
            action.setShortcuts([QtGui.QKeySequence(k) for k in spec.keys])
            # shown in menus, never fired by Qt itself: the key router decides (see the module docstring)
            action.setShortcutContext(QtCore.Qt.ShortcutContext.WidgetShortcut)
            action.setCheckable(spec.checkable)
            action.setToolTip(f"{spec.help} ({key_text(spec.keys)})" if spec.keys else spec.help)
            action.setStatusTip(spec.help)
            action.triggered.connect(lambda _checked=False, i=action_id: self._call(i))
            self._qactions[action_id] = action
        return action

    def _call(self, action_id: str) -> None:
        handler = self.handlers.get(action_id)
        if handler is not None:
            handler()

    def trigger(self, action_id: str) -> bool:
        """Do the action as its key would; False if it is unbound or disabled (nothing happens)."""
        if action_id not in self.handlers:
            return False
        action = self.qaction(action_id)
        if not action.isEnabled():
            return False
        action.trigger()
        return True

    def match(self, key: int, modifiers: int, page: str, mode: str | None = None) -> str | None:
        """The action a key press means in `mode` (a talk being presented: its keys come first), on
        `page`, or on every page, if any. Shift is ignored for symbols that need it on some keyboards
        ("?", "+"), never for letters or arrows."""
        modifiers &= ~int(_MODIFIERS.KeypadModifier.value) & ~int(_MODIFIERS.GroupSwitchModifier.value)
        for p in (mode, page, GLOBAL):
            hit = self._keys.get((p, key, modifiers)) if p else None
            if hit:
                return hit
        shift = int(_MODIFIERS.ShiftModifier.value)
        if modifiers & shift and key < 0x01000000 and not chr(key).isalnum():
            return self.match(key, modifiers & ~shift, page, mode)
        return None

    def page_specs(self, page: str, mode: str | None = None) -> list[ActionSpec]:
        return [s for s in self.specs.values() if s.page in (page, GLOBAL) or (mode and s.page == mode)]

    def help_sections(self, page: str, mode: str | None = None) -> list[tuple[str, list[tuple[str, str]]]]:
        """[(menu, [(keys, what they do)])] for the help overlay, groups folded into one row."""
        sections = []
        for menu in self.MENUS:
            rows, seen = [], set()
            specs = [s for s in self.page_specs(page, mode) if s.menu == menu and s.keys]
            for spec in specs:
                if spec.group:
                    if spec.group in seen:
                        continue
                    seen.add(spec.group)
                    members = [s for s in specs if s.group == spec.group]
                    rows.append((" / ".join(key_text(s.keys[:1]) for s in members), spec.group))
                else:
                    rows.append((key_text(spec.keys), f"{spec.text.strip('▶◀ ')}: {spec.help}"))
            if rows:
                sections.append((menu, rows))
        return sections

    def build_menus(self, menubar: QtWidgets.QMenuBar, page: str, mode: str | None = None) -> None:
        menubar.clear()
        for menu_name in self.MENUS:
            specs = [s for s in self.page_specs(page, mode) if s.menu == menu_name and s.id in self.handlers]
            if specs:
                menu = menubar.addMenu(menu_name)
                for spec in specs:
                    menu.addAction(self.qaction(spec.id))


# The actions of every page: the window itself.
GLOBAL_ACTIONS = (
    ActionSpec("zoom_in", "Bigger text", ("Ctrl+=", "Ctrl++"), "Make every text, chip, label and plot larger",
               "Window", GLOBAL),
    ActionSpec("zoom_out", "Smaller text", ("Ctrl+-",), "Make every text smaller", "Window", GLOBAL),
    ActionSpec("zoom_reset", "Normal text size", ("Ctrl+0",), "Back to the normal size", "Window", GLOBAL),
    ActionSpec("full_screen", "Full screen", ("F11",), "Fill the whole screen, or leave full screen", "Window",
               GLOBAL, checkable=True),
    ActionSpec("help", "Keys", ("F1", "?"), "Show or hide this list of keys", "Window", GLOBAL),
    ActionSpec("quit", "Quit", ("Ctrl+Q",), "Close the window", "Window", GLOBAL),
)
