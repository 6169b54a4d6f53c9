"""The window's training worker: a real spawned process (and a thread), driven by its signals."""
import os
import signal

import pytest

from gui.common.qt_training_worker import QtTrainingWorker
from tests.gui.worker_recipes import ExplodingRecipe, nano_recipe

SPAWN_MS = 60_000  # a fresh interpreter imports torch first: seconds on a small machine


@pytest.fixture
def worker(qtbot):
    return QtTrainingWorker(latest_every_s=0.0)  # conftest fails a test that leaves it running


def collect(worker):
    got = {"snapshots": [], "failed": []}
    worker.snapshot.connect(lambda snap, weights: got["snapshots"].append((snap, weights)))
    worker.failed.connect(lambda message, details: got["failed"].append(message))
    return got


@pytest.mark.parametrize("kind", ["process", "thread"])
def test_start_pause_resume_stop(qtbot, tmp_path, worker, kind):
    worker.kind = kind
    got = collect(worker)
    with qtbot.waitSignal(worker.started, timeout=SPAWN_MS):
        worker.start(nano_recipe(tmp_path))
    qtbot.waitUntil(lambda: any(s.step >= 10 for s, _ in got["snapshots"]), timeout=SPAWN_MS)
    worker.pause()
    assert worker.state == "paused"
    qtbot.wait(300)  # let what was already on its way arrive
    held = len(got["snapshots"])
    qtbot.wait(600)
    assert len(got["snapshots"]) <= held + 1  # paused between steps: at most the one in flight
    worker.resume()
    qtbot.waitUntil(lambda: len(got["snapshots"]) > held + 1, timeout=SPAWN_MS)
    with qtbot.waitSignal(worker.finished, timeout=SPAWN_MS):
        worker.cancel()
    last = got["snapshots"][-1][0]
    assert last.done and last.stopped_reason == "cancelled" and not got["failed"]
    assert got["snapshots"][-1][1] is not None  # the final weights come with the last snapshot
    assert worker.state == "idle"


def test_a_worker_that_raises_is_reported_and_its_snapshots_stay(qtbot, tmp_path, worker):
    got = collect(worker)
    with qtbot.waitSignal(worker.finished, timeout=SPAWN_MS):
        worker.start(nano_recipe(tmp_path, ExplodingRecipe))
    assert got["failed"] and "a stage went wrong" in got["failed"][0]
    assert [s.step for s, _ in got["snapshots"]] == [0, 10]


def test_a_killed_process_is_reported(qtbot, tmp_path, worker):
    got = collect(worker)
    with qtbot.waitSignal(worker.started, timeout=SPAWN_MS):
        worker.start(nano_recipe(tmp_path))
    with qtbot.waitSignal(worker.finished, timeout=SPAWN_MS):
        os.kill(worker._process.pid, signal.SIGKILL)
    assert got["failed"] and "stopped unexpectedly" in got["failed"][0] and "killed" in got["failed"][0]
