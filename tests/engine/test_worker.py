"""The worker protocol: a recipe trained in a spawned process, paused, resumed and cancelled by messages."""
import multiprocessing as mp
import queue
import threading

import pytest

from explainer.train.recipes import PretrainRecipe
from explainer.train.worker import drive, process_main, receive_over

WORDS = "Tom the cat likes fish. Mia has a red ball and a dog named Max. " * 60


@pytest.fixture
def recipe(tmp_path):
    (tmp_path / "mine.txt").write_text(WORDS)
    return PretrainRecipe(out=str(tmp_path / "run"), preset="nano", corpus=str(tmp_path / "mine.txt"), minutes=None,
                          steps=60, skills=False)


def test_a_spawned_process_trains_and_obeys_cancel(recipe):
    ctx = mp.get_context("spawn")
    ours, theirs = ctx.Pipe()
    child = ctx.Process(target=process_main, args=(recipe, theirs, 1, 0.0), daemon=True)
    child.start()
    theirs.close()
    kinds, steps = [], []
    while True:
        message = receive_over(ours)
        kinds.append(message[0])
        if message[0] == "snapshot":
            steps.append(message[1].step)
            assert message[2] is not None  # latest weights every time at latest_every_s=0
            if message[1].step == 20:
                ours.send("cancel")
        if message[0] in ("finished", "failed"):
            break
    child.join(timeout=30)
    assert kinds[0] == "started" and kinds[-1] == "finished", kinds
    assert steps[:3] == [0, 10, 20] and steps[-1] <= 30  # stopped at most one report after the cancel


def receiver(inbox: queue.Queue):
    """The worker's `receive(timeout)` over a queue: the next command, or None (timeout 0: do not wait)."""
    def receive(timeout):
        try:
            return inbox.get(timeout=timeout) if timeout else inbox.get_nowait()
        except queue.Empty:
            return None
    return receive


def test_pause_holds_the_run_between_steps_until_resume(recipe):
    to_window, to_worker = queue.Queue(), queue.Queue()
    receive = receiver(to_worker)
    thread = threading.Thread(target=drive, args=(recipe, to_window.put, receive, 60.0), daemon=True)
    to_worker.put("pause")  # read after the first snapshot
    thread.start()
    assert to_window.get(timeout=60)[0] == "started"
    first = to_window.get(timeout=60)
    assert first[0] == "snapshot" and first[1].step == 0
    with pytest.raises(queue.Empty):
        to_window.get(timeout=0.5)  # paused: nothing more arrives
    to_worker.put("resume")
    assert to_window.get(timeout=60)[1].step == 10
    to_worker.put("cancel")
    thread.join(timeout=60)
    assert not thread.is_alive()


def test_a_bad_recipe_is_reported_not_raised(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    sent = []
    drive(PretrainRecipe(out=str(tmp_path / "o"), corpus=str(tmp_path / "empty.txt")), sent.append, lambda t: None)
    assert sent == [("failed", f"{tmp_path / 'empty.txt'} is empty; a corpus needs text to learn from", "")]


def test_a_pause_that_takes_hold_is_announced_after_the_last_snapshot(recipe):
    """With `announce_hold` (the window's workers), ("held", step) follows the last snapshot before a
    pause and nothing follows it until "resume": a window can wait on it instead of on the clock."""
    to_window, to_worker = queue.Queue(), queue.Queue()
    receive = receiver(to_worker)
    thread = threading.Thread(target=drive, args=(recipe, to_window.put, receive, 60.0, True), daemon=True)
    to_worker.put("pause")  # read after the first snapshot
    thread.start()
    assert to_window.get(timeout=60)[0] == "started"
    assert to_window.get(timeout=60)[1].step == 0
    assert to_window.get(timeout=60) == ("held", 0)
    assert to_window.empty()
    to_worker.put("resume")
    assert to_window.get(timeout=60)[1].step == 10
    to_worker.put("cancel")
    thread.join(timeout=60)
    assert not thread.is_alive()
