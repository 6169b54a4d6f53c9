"""The blind vote driven by real keys through the key router: the labels stay hidden until Enter,
the tally counts the presses, and the page's keys never clash with the window's."""
import pytest
from PySide6 import QtCore

from gui.common.actions import GLOBAL_ACTIONS, ActionRegistry
from gui.compare.compare_actions import COMPARE_ACTIONS, PAGE, SECTIONS
from gui.compare.standalone import QtCompareWindow
from gui.compare.texts import role

from .test_compare_page import REQUESTS, models  # noqa: F401 - a fixture

Key = QtCore.Qt.Key


@pytest.fixture
def window(qtbot, models, small_tokenizer):  # noqa: F811
    w = QtCompareWindow(models, small_tokenizer, requests=REQUESTS, eval_path=None)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    with qtbot.waitSignal(w.page.comparisonShown, timeout=30_000):
        w.show()
        w.page.page_shown()
    w.activateWindow()
    qtbot.waitExposed(w)
    yield w
    w.page.shutdown()


def press(qtbot, window, *keys) -> None:
    for key in keys:
        qtbot.keyClick(window.page, key)


def test_the_vote_hides_the_labels_until_enter_and_counts_every_press(qtbot, window, models):  # noqa: F811
    page = window.page
    press(qtbot, window, Key.Key_V)
    assert page.section == "vote"
    vote = page.vote_view
    titles = [role(n).title for n in models]
    assert sorted(vote.state.order) == sorted(models)  # every model once, in a shuffled order
    assert all(not any(t in label for t in titles) for label in vote.labels())
    assert page.result.prompt in vote.request.text()
    press(qtbot, window, Key.Key_1, Key.Key_1, Key.Key_3, Key.Key_2, Key.Key_1)
    assert vote.state.votes == [3, 1, 1] and vote.state.total == 5
    assert "5 votes so far" in vote.status.text()
    assert all(not any(t in label for t in titles) for label in vote.labels())  # still blind

    press(qtbot, window, Key.Key_Return)
    assert vote.state.revealed and page.actions.qaction("compare_reveal").isChecked()
    for i, label in enumerate(vote.labels()[:3]):
        assert label == f"Answer {i + 1}: {role(vote.state.order[i]).title}"
    tally = vote.cards[0][2].text()
    assert "3 votes" in tally and "60%" in tally and "The rater (a program)" in tally
    assert f"answer 1 ({role(vote.state.order[0]).title})" in vote.status.text()
    press(qtbot, window, Key.Key_2)  # after the reveal a press is not counted
    assert vote.state.votes == [3, 1, 1]

    press(qtbot, window, Key.Key_Backspace)  # a new vote: cleared, blind again
    assert vote.state.votes == [0, 0, 0] and not vote.state.revealed
    assert all(not any(t in label for t in titles) for label in vote.labels())


def test_votes_count_only_in_the_blind_vote(qtbot, window):
    press(qtbot, window, Key.Key_A, Key.Key_1)
    assert window.page.vote_view.state.total == 0
    assert "press V" in window.status_text.text()


def test_letters_switch_the_parts_and_arrows_the_request(qtbot, window):
    page = window.page
    for key, part in ((Key.Key_S, "shift"), (Key.Key_I, "inside"), (Key.Key_E, "eval"), (Key.Key_A, "answers")):
        press(qtbot, window, key)
        assert page.section == part and page.tabs.currentIndex() == [k for k, _, _ in SECTIONS].index(part)
    page.request_box.setFocus()  # a focused combo box does not take → for itself
    with qtbot.waitSignal(page.comparisonShown, timeout=30_000):
        press(qtbot, window, Key.Key_Right)
    assert page.index == 1 and page.result.prompt == REQUESTS[1].text
    with qtbot.waitSignal(page.comparisonShown, timeout=30_000):
        press(qtbot, window, Key.Key_N)
    assert page.seed == 1 and page.result.seed == 1
    qtbot.keyClick(page, Key.Key_L, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert page.own.hasFocus()
    qtbot.keyClicks(page.own, "Say hello.")  # typing: plain keys type, they do not act
    assert page.own.text() == "Say hello." and page.seed == 1
    with qtbot.waitSignal(page.comparisonShown, timeout=30_000):
        qtbot.keyClick(page.own, Key.Key_Return)
    assert page.result.prompt == "Say hello." and page.index is None


def test_the_compare_keys_are_one_registry_with_the_windows():
    assert all(spec.page == PAGE for spec in COMPARE_ACTIONS)
    ActionRegistry(GLOBAL_ACTIONS + COMPARE_ACTIONS)  # raises on a clash with a key of every page
    timeline = pytest.importorskip("gui.common.timeline")  # the window's other keys for every page, once it has them
    ActionRegistry(GLOBAL_ACTIONS + timeline.TIMELINE_ACTIONS + COMPARE_ACTIONS)
