"""Waiting for the window outside a test (scripts, renders): let events, layouts and paints land.

A test waits with qtbot; a script (screenshots, a talk rendered to pictures) waits here, on the clock.
"""
from __future__ import annotations

import time


def settle(app, rounds: int = 6) -> None:
    from PySide6 import QtCore
    for _ in range(rounds):
        app.processEvents()
        QtCore.QThread.msleep(30)


def wait_until(app, done, timeout_s: float) -> bool:
    end = time.monotonic() + timeout_s
    while not done():
        if time.monotonic() > end:
            return False
        app.processEvents()
        time.sleep(0.02)
    return True


