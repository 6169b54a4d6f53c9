"""QtLatestJob: long work off the GUI thread, one job at a time, only the newest result kept.

The page asks for a comparison on every key press (→ → → through the held-out requests);
each takes about a second. Jobs run one at a time on a superqt worker thread, because two
comparisons at once would hang their temporary hooks on the same networks. A job asked for
while another runs waits; a newer one replaces it, so a burst of presses costs at most one
job more than the last. Every job carries a number; a result whose number is not the
newest is dropped (the room has moved on), as are its errors.
"""
from __future__ import annotations

from typing import Callable

from PySide6 import QtCore
from superqt.utils import create_worker


class QtLatestJob(QtCore.QObject):
    finished = QtCore.Signal(int, object)  # the job's number and its result; only for the newest job
    failed = QtCore.Signal(int, str)  # the newest job raised: its number and what went wrong, in words
    busyChanged = QtCore.Signal(bool)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.number = 0  # the newest job asked for
        self._running: int | None = None
        self._waiting: tuple[int, Callable, tuple] | None = None
        self._worker = None

    @property
    def busy(self) -> bool:
        return self._running is not None

    def submit(self, fn: Callable, *args) -> int:
        """Run `fn(*args)` in the worker thread as soon as it is free; returns the job's number."""
        self.number += 1
        if self._running is None:
            self._start(self.number, fn, args)
            self.busyChanged.emit(True)
        else:
            self._waiting = (self.number, fn, args)
        return self.number

    def drop(self) -> None:
        """Forget every job asked for so far: a running one finishes, and its result is thrown away."""
        self.number += 1
        self._waiting = None

    def is_current(self, number: int) -> bool:
        return number == self.number

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Process events until no job runs (closing, tests); False if it took longer than the timeout."""
        timer = QtCore.QElapsedTimer()
        timer.start()
        while self.busy and timer.elapsed() < timeout_ms:
            QtCore.QCoreApplication.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 20)
            QtCore.QThread.msleep(5)
        return not self.busy

    def _start(self, number: int, fn: Callable, args: tuple) -> None:
        self._running = number
        worker = create_worker(fn, *args, _start_thread=False, _ignore_errors=True)
        # bound methods of this GUI-thread object: the worker's signals arrive queued, in the GUI thread
        worker.returned.connect(self._on_returned)
        worker.errored.connect(self._on_errored)
        worker.finished.connect(self._on_finished)
        self._worker = worker
        worker.start()

    def _on_returned(self, result) -> None:
        if self._running == self.number:
            self.finished.emit(self._running, result)

    def _on_errored(self, exc: BaseException) -> None:
        if self._running == self.number:
            self.failed.emit(self._running, f"{type(exc).__name__}: {exc}")

    def _on_finished(self) -> None:
        self._running, self._worker = None, None
        if self._waiting is not None:
            waiting, self._waiting = self._waiting, None
            if waiting[0] == self.number:
                self._start(*waiting)
                return
        self.busyChanged.emit(False)
