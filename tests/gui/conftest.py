"""GUI fixtures: an Exploration on the nano model, so views can be built in milliseconds, and a
window driven as a person would."""
import pytest
import torch
from PySide6 import QtCore, QtGui

from explainer.explore import Exploration

torch.set_num_threads(1)  # as the window runs it: a second thread fights the GUI thread (and a worker) for a core


@pytest.fixture
def exploration(nano_model, small_tokenizer) -> Exploration:
    return Exploration(nano_model, small_tokenizer, prompt="Once upon a time, Tom")


@pytest.fixture(autouse=True)
def _app_font_restored(qapp):
    """The zoom sets the application font: give the next test the font this one started with."""
    font = QtGui.QFont(qapp.font())
    yield
    qapp.setFont(font)


@pytest.fixture(autouse=True)
def _no_worker_left_running(qtbot):
    """Fail a test that leaves a training worker running (ended here first, so nothing outlives the test).
    It asks for qtbot so that it ends before qtbot closes the test's windows (which would stop the run)."""
    from gui.common.qt_training_worker import QtTrainingWorker

    QtCore.QStandardPaths.setTestModeEnabled(True)  # runs the window saves go to a test folder, not the user's
    yield
    left = list(QtTrainingWorker.running)
    for worker in left:
        worker.kill()
    if left:
        pytest.fail(f"the test left {len(left)} training worker(s) running")


@pytest.fixture
def window(qtbot, exploration, tmp_path):
    from gui.common.qt_main_window import QtMainWindow

    w = QtMainWindow(exploration=exploration, runs_dir=str(tmp_path / "runs"))
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    w.focus_views()
    return w


@pytest.fixture
def base_window(qtbot, tmp_path):
    """The window on the bundled base model, with its timeline, as the app opens it."""
    from gui.common.qt_main_window import QtMainWindow
    w = QtMainWindow("base", runs_dir=str(tmp_path / "runs"))
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    with qtbot.waitSignal(w.loadFinished, timeout=60_000):
        w.load()
    w.focus_views()
    return w
