"""Tie an engine subscription to a widget's life.

A view inside the main window gets no closeEvent when the window closes, and an
Exploration that still held the view's bound method would call into a deleted C++
object. So a view subscribes through `follow`, which unsubscribes when the widget
is destroyed, and which the view may also call on its own closeEvent.
"""
from __future__ import annotations

from typing import Callable

from PySide6 import QtWidgets


def follow(widget: QtWidgets.QWidget, exploration, handler: Callable[[str], None]) -> Callable[[], None]:
    """Subscribe `handler` to `exploration` until `widget` is destroyed; return the unsubscribe function."""
    exploration.subscribe(handler)

    # A plain closure, not a method of the widget: it must still run while the widget dies.
    def stop(*_args) -> None:
        exploration.unsubscribe(handler)

    widget.destroyed.connect(stop)
    return stop
