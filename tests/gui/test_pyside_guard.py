"""Guard against the PySide6 release that corrupts reference counts of None and True.

PySide6 6.12.0 on Python 3.11 drops a reference to None/True on every void call and
signal emit; a live-updating window then aborts within seconds (`none_dealloc`), while
short tests pass. We measure the leak directly, so an upgrade that brings it back fails here.
"""
import sys

import PySide6
import pytest
from PySide6 import QtCore, QtWidgets


class Emitter(QtCore.QObject):
    ping = QtCore.Signal()
    flag = QtCore.Signal(bool)


def test_pyside_version_is_the_pinned_one():
    assert PySide6.__version__ == "6.10.3", "see pyproject.toml before changing the PySide6 pin"


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None and True are immortal from Python 3.12")
def test_void_calls_and_emits_keep_none_and_true_alive(qtbot):
    label = QtWidgets.QLabel()
    qtbot.addWidget(label)
    emitter = Emitter()
    received = []
    emitter.flag.connect(received.append)
    emitter.ping.connect(lambda: None)
    before_none, before_true = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(5000):
        label.setText("x")  # a void call
        emitter.ping.emit()
        emitter.flag.emit(True)
    received.clear()
    assert sys.getrefcount(None) > before_none - 1000
    assert sys.getrefcount(True) > before_true - 1000
