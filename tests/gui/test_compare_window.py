"""The Compare page in the main window, added the way the window adds a page (one PageSpec, its
menu): built from the shelf, switched to with its Ctrl+digit, and comparing again when an
aligned model is put on the shelf."""
import pytest
from PySide6 import QtCore

from gui.common import pages, qt_main_window

from .test_compare_page import nudged


@pytest.fixture
def window(qtbot, exploration, monkeypatch):
    from gui.common import shelf_files
    monkeypatch.setattr(shelf_files, "ALIGNED", ())  # only the models the test puts on the shelf
    w = qt_main_window.QtMainWindow(exploration=exploration)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    yield w
    w.close()


def test_the_page_opens_with_its_key_and_compares_the_shelfs_models(qtbot, window, small_tokenizer):
    from explainer.shelf import ShelfModel
    from explainer.weights import saved_state

    page = window.page("compare")
    n = [p.key for p in pages.PAGES].index("compare") + 1
    with qtbot.waitSignal(page.comparisonShown, timeout=30_000) as shown:
        qtbot.keyClick(window.focusWidget() or window, getattr(QtCore.Qt.Key, f"Key_{n}"),
                       QtCore.Qt.KeyboardModifier.ControlModifier)
    assert window.current_page == "compare" and list(shown.args[0].comparison.answers) == ["base"]
    assert "Compare" in [a.text() for a in window.menuBar().actions()]
    assert "Before and after" in window.explanation.toPlainText()

    base = window.shelf.inspect(window.shelf.shown_key)
    sft = nudged(base, 0.3, 1)
    with qtbot.waitSignal(page.comparisonShown, timeout=30_000) as shown:
        window.shelf.add(ShelfModel("sft", "SFT (test)", "sft", base.config, small_tokenizer,
                                    latest=saved_state(sft)))
    assert list(shown.args[0].comparison.answers) == ["base", "sft"]
    qtbot.keyClick(page, QtCore.Qt.Key.Key_V)
    qtbot.keyClick(page, QtCore.Qt.Key.Key_2)
    assert page.section == "vote" and page.vote_view.state.votes == [0, 1]
    assert "answer 2" in window.status()
