"""KeyRouter: the app's keys win over whatever widget has the keyboard focus.

Qt offers a key to the focused widget first (a ShortcutOverride event), and a spin box,
a tab bar or a table accepts arrows, Space and "+" for itself, so after a click on one of
them → no longer steps the model. The router is an application event filter that sees
each key before any widget does: if the registry has an action for it on the current page,
the router accepts the override (so no widget and no Qt shortcut takes it) and runs the
action on the key press itself. The one exception is text being typed (the prompt box):
there plain keys type, and only keys with Ctrl or Alt, the function keys and Esc act; but while
a talk is presented (a `mode`, see gui/talk/talk_actions.py) its keys win even there.
A click anywhere outside the box being typed in ends the typing, as Esc does.

It also moves the focus frame (gui.common.qt_focus_frame), since it sees every FocusIn.
"""
from __future__ import annotations

from typing import Callable

from PySide6 import QtCore, QtWidgets

from .actions import ActionRegistry

Type = QtCore.QEvent.Type
_SEEN = frozenset({Type.ShortcutOverride, Type.KeyPress, Type.MouseButtonPress, Type.FocusIn})
_ACTING_MODIFIERS = int((QtCore.Qt.KeyboardModifier.ControlModifier | QtCore.Qt.KeyboardModifier.AltModifier
                         | QtCore.Qt.KeyboardModifier.MetaModifier).value)
_KEYS_WHILE_TYPING = frozenset({int(QtCore.Qt.Key.Key_Escape.value)}
                               | {int(QtCore.Qt.Key.Key_F1.value) + i for i in range(24)})


def is_text_entry(widget: QtWidgets.QWidget | None) -> bool:
    """A box a person types text into (not a spin box's number field, not read-only text)."""
    if isinstance(widget, (QtWidgets.QPlainTextEdit, QtWidgets.QTextEdit)):
        return not widget.isReadOnly()
    if isinstance(widget, QtWidgets.QLineEdit):
        return not widget.isReadOnly() and not isinstance(widget.parentWidget(), QtWidgets.QAbstractSpinBox)
    return False


class KeyRouter(QtCore.QObject):
    def __init__(self, window: QtWidgets.QWidget, registry: ActionRegistry, page: Callable[[], str],
                 blocked: Callable[[], bool] = lambda: False, leave_typing: Callable[[], None] | None = None,
                 focus_frame=None, mode: Callable[[], str | None] = lambda: None) -> None:
        super().__init__(window)
        self.window, self.registry, self.page, self.blocked, self.mode = window, registry, page, blocked, mode
        self.leave_typing = leave_typing or (lambda: window.setFocus())
        self.focus_frame = focus_frame
        QtWidgets.QApplication.instance().installEventFilter(self)

    def action_for(self, event, widget: QtWidgets.QWidget) -> str | None:
        """The action this key event means here, or None when it belongs to the widget."""
        app = QtWidgets.QApplication.instance()
        if widget.window() is not self.window or app.activePopupWidget() or app.activeModalWidget() \
                or self.blocked():
            return None
        key, modifiers = int(event.key()), int(event.modifiers().value)
        mode = self.mode()
        # a talk's keys win even in a text box: a clicker must never type into the prompt
        if mode and (hit := self.registry.match(key, modifiers, "", mode)) and hit in self.registry.handlers \
                and self.registry.specs[hit].page == mode:
            return hit
        if is_text_entry(widget) and not modifiers & _ACTING_MODIFIERS and key not in _KEYS_WHILE_TYPING:
            return None
        action_id = self.registry.match(key, modifiers, self.page(), mode)
        return action_id if action_id in self.registry.handlers else None

    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        t = event.type()
        # Only widgets: a real key press also passes through its QWindow first, and acting
        # there as well would run the action twice.
        if t not in _SEEN or not isinstance(obj, QtWidgets.QWidget):
            return False
        if t == Type.ShortcutOverride:
            action_id = self.action_for(event, obj)
            if action_id is not None:
                event.accept()  # no widget, no Qt shortcut: the key press comes to us
                return True
        elif t == Type.KeyPress:
            action_id = self.action_for(event, obj)
            if action_id is not None:
                event.accept()
                self.registry.trigger(action_id)
                return True
        elif t == Type.MouseButtonPress:
            typing = QtWidgets.QApplication.focusWidget()
            if is_text_entry(typing) and obj.window() is self.window and obj is not typing \
                    and not typing.isAncestorOf(obj):
                self.leave_typing()  # the clicked widget may then take the focus for itself
        elif t == Type.FocusIn and self.focus_frame is not None and obj.window() is self.window:
            self.focus_frame.follow(obj, event.reason())
        return False
