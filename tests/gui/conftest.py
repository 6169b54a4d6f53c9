"""GUI fixtures: an Exploration on the nano model, so views can be built in milliseconds, and a
window driven as a person would."""
import pytest
from PySide6 import QtGui

from explainer.explore import Exploration


@pytest.fixture
def exploration(nano_model, small_tokenizer) -> Exploration:
    return Exploration(nano_model, small_tokenizer, prompt="Once upon a time, Tom")


@pytest.fixture(autouse=True)
def _app_font_restored(qapp):
    """The zoom sets the application font: give the next test the font this one started with."""
    font = QtGui.QFont(qapp.font())
    yield
    qapp.setFont(font)


@pytest.fixture
def window(qtbot, exploration):
    from gui.qt_main_window import QtMainWindow

    w = QtMainWindow(exploration=exploration)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    w.focus_views()
    return w

