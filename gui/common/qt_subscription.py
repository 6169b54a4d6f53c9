"""Tie an engine subscription to a widget's life, and spare hidden widgets the work.

A view inside the main window gets no closeEvent when the window closes, and an
Exploration that still held the view's bound method would call into a deleted C++
object. So a view subscribes through `follow`, which unsubscribes when the widget
is closed or destroyed.

Only one of the five views is on screen at a time, yet every step changes them all.
A widget hidden behind another tab therefore only notes what changed; when it is
shown again it catches up once (each handler redraws from the engine's current state).
"""
from __future__ import annotations

from typing import Callable

from PySide6 import QtCore, QtWidgets


class _CatchUpOnShow(QtCore.QObject):
    def __init__(self, widget: QtWidgets.QWidget, handler: Callable[[str], None]) -> None:
        super().__init__(widget)
        self.widget, self.handler = widget, handler
        self.stop: Callable[[], None] = lambda: None
        self.pending: list[str] = []  # what changed while hidden, in order, each once

    def on_change(self, what: str) -> None:
        # Hold back only what is hidden inside a window on screen (a tab not chosen); a widget
        # whose window is not shown at all (being built, or in a test) keeps up at once.
        if self.widget.isVisible() or not self.widget.window().isVisible():
            self.handler(what)
        elif what not in self.pending:
            self.pending.append(what)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QtCore.QEvent.Type.Close:
            self.stop()
        elif event.type() == QtCore.QEvent.Type.Show and self.pending:
            pending, self.pending = self.pending, []
            for what in pending:
                self.handler(what)
        return False


def follow(widget: QtWidgets.QWidget, exploration, handler: Callable[[str], None]) -> Callable[[], None]:
    """Subscribe `handler` to `exploration` until `widget` is closed or destroyed; return the unsubscribe function.
    While the widget is hidden the calls are held back and made once it is shown."""
    catch_up = _CatchUpOnShow(widget, handler)
    widget.installEventFilter(catch_up)
    listener = catch_up.on_change
    exploration.subscribe(listener)

    # A plain closure, not a method of the widget: it must still run while the widget dies.
    def stop(*_args) -> None:
        exploration.unsubscribe(listener)

    widget.destroyed.connect(stop)
    catch_up.stop = stop
    return stop
