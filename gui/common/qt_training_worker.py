"""QtTrainingWorker: the window's one worker, which runs any training recipe away from the GUI thread.

Every stage (pretraining now; fine-tuning, the reward model and RLHF later) is a recipe the
engine can build and a loop it can run; `explainer.train.worker.drive` speaks the
protocol. This object starts it in a spawned process of its own (the default) or in a
thread, reads its messages from a queue on a 30 ms timer of the GUI thread, and turns them
into signals. Only the GUI thread touches widgets; snapshots arrive as copies, so no view
can reach the tensors being trained.

Why a process: with one torch thread, a spawned process keeps the window's 10 ms timer
within a few milliseconds and trains at the headless speed (`python -m gui.bench
training` measures both kinds); a crash of the worker, even a hard one, leaves the window
up, and is reported with the last good snapshot still on the shelf.
"""
from __future__ import annotations

import multiprocessing as mp
import queue
import threading

from PySide6 import QtCore

POLL_MS = 30
KINDS = ("process", "thread")


class QtTrainingWorker(QtCore.QObject):
    running: set["QtTrainingWorker"] = set()  # every worker with a run going, in this process (tests check it)

    started = QtCore.Signal(object)  # explainer.train.worker.RunInfo
    snapshot = QtCore.Signal(object, object)  # TrainSnapshot, newest weights (float16 state) or None
    failed = QtCore.Signal(str, str)  # a message for people, details (a traceback) or ""
    held = QtCore.Signal(int)  # a pause took hold after this step: every snapshot before it has arrived
    finished = QtCore.Signal()  # the run ended (done, cancelled or failed) and the worker is gone
    stateChanged = QtCore.Signal(str)  # "idle", "starting", "running", "paused", "stopping"

    def __init__(self, parent: QtCore.QObject | None = None, kind: str = "process", threads: int = 1,
                 latest_every_s: float = 2.0) -> None:
        super().__init__(parent)
        if kind not in KINDS:
            raise ValueError(f"worker kind must be one of {KINDS}")
        self.kind, self.threads, self.latest_every_s = kind, threads, latest_every_s
        self.state = "idle"
        self._process = None
        self._thread: threading.Thread | None = None
        self._conn = None  # process: our end of the pipe
        self._inbox: queue.Queue | None = None  # thread: messages from the worker
        self._outbox: queue.Queue | None = None  # thread: commands to the worker
        self._timer = QtCore.QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    # -- control --------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.state != "idle"

    def start(self, recipe) -> None:
        """Run `recipe` (anything with .build() -> explainer Trainer); one run at a time."""
        if self.busy:
            raise RuntimeError("a run is already going; stop it first")
        from explainer.train.worker import drive, process_main
        if self.kind == "process":
            ctx = mp.get_context("spawn")  # a fresh interpreter: no Qt, no copy of the window's memory
            self._conn, theirs = ctx.Pipe()
            self._process = ctx.Process(target=process_main, args=(recipe, theirs, self.threads, self.latest_every_s),
                                        daemon=True, name="explainer-training")
            self._process.start()
            theirs.close()
        else:
            self._inbox, self._outbox = queue.Queue(), queue.Queue()
            self._thread = threading.Thread(target=drive, args=(recipe, self._inbox.put, self._receive,
                                                                self.latest_every_s, True),
                                            daemon=True, name="explainer-training")
            self._thread.start()
        self._set_state("starting")
        QtTrainingWorker.running.add(self)
        self._timer.start()

    def pause(self) -> None:
        if self.state == "running":
            self._send("pause")
            self._set_state("paused")

    def resume(self) -> None:
        if self.state == "paused":
            self._send("resume")
            self._set_state("running")

    def cancel(self) -> None:
        """Stop after the current step; the run saves and ends with a last snapshot."""
        if self.state in ("starting", "running", "paused"):
            self._send("cancel")
            self._set_state("stopping")

    def kill(self) -> None:
        """End a process worker at once (closing the window); a thread can only be asked to stop."""
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join(timeout=5)
        elif self._thread is not None:
            self._send("cancel")
        self._end()

    # -- plumbing -------------------------------------------------------------------------
    def _receive(self, timeout: float):  # the thread worker's side of the command line
        try:
            return self._outbox.get(timeout=timeout) if timeout else self._outbox.get_nowait()
        except queue.Empty:
            return None

    def _send(self, command: str) -> None:
        try:
            if self._conn is not None:
                self._conn.send(command)
            elif self._outbox is not None:
                self._outbox.put(command)
        except (BrokenPipeError, OSError):
            pass  # already gone: _poll reports how

    def _messages(self):
        from explainer.train.worker import receive_over
        if self._conn is not None:
            while self._conn.poll():
                yield receive_over(self._conn)
        elif self._inbox is not None:
            while True:
                try:
                    yield self._inbox.get_nowait()
                except queue.Empty:
                    return

    def _poll(self) -> None:
        try:
            for message in self._messages():
                if self._handle(message):
                    return
        except (EOFError, OSError):
            pass  # the pipe closed under us: the liveness check below says why
        if self._process is not None and not self._process.is_alive():
            code = self._process.exitcode
            self.failed.emit("The training worker stopped unexpectedly "
                             f"(exit code {code}{', killed' if code is not None and code < 0 else ''}). "
                             "The last snapshot it sent is kept, and the run's folder holds its last save.", "")
            self._end()

    def _handle(self, message: tuple) -> bool:
        """One message; True when the run is over."""
        kind = message[0]
        if kind == "started":
            self._set_state("running" if self.state == "starting" else self.state)
            self.started.emit(message[1])
        elif kind == "snapshot":
            self.snapshot.emit(message[1], message[2])
        elif kind == "held":
            self.held.emit(message[1])
        elif kind == "failed":
            self.failed.emit(message[1], message[2])
        if kind in ("failed", "finished"):
            self._end()
            return True
        return False

    def _end(self) -> None:
        self._timer.stop()
        if self._process is not None:
            self._process.join(timeout=5)
        if self._conn is not None:
            self._conn.close()
        self._process = self._conn = self._thread = self._inbox = self._outbox = None
        QtTrainingWorker.running.discard(self)
        was_busy = self.busy
        self._set_state("idle")
        if was_busy:
            self.finished.emit()

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.stateChanged.emit(state)
