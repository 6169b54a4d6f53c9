"""Token chips and the generated text follow the engine; the views let go of it when destroyed."""
import gc

import pytest
from PySide6 import QtCore, QtWidgets

from gui.explore.qt_generated_text import QtGeneratedText, percent
from gui.explore.qt_next_token import QtNextToken
from gui.explore.qt_token_chips import QtTokenChips, chip_color


def test_one_chip_per_token_with_visible_spaces_and_new_colours(qtbot, exploration):
    chips = QtTokenChips(exploration)
    qtbot.addWidget(chips)
    chips.resize(600, 200)
    assert chips.canvas.labels == exploration.displays()
    assert any("·" in label for label in chips.canvas.labels)  # spaces are visible
    colors = chips.canvas.colors
    assert all(a != b for a, b in zip(colors, colors[1:]))  # neighbours never share a colour
    assert chips.canvas.colors[0] == chip_color(0)
    assert "code number" in chips.canvas.tips[0] and str(exploration.tokens[0]) in chips.canvas.tips[0]


def test_generated_chips_are_marked_and_say_their_probability(qtbot, exploration):
    chips = QtTokenChips(exploration)
    qtbot.addWidget(chips)
    g = exploration.step()
    assert chips.canvas.generated[-1] and not any(chips.canvas.generated[:-1])
    assert f"{g.probability:.1%}" in chips.canvas.tips[-1]
    assert "1 written by the model" in chips.caption.text()


def test_hovering_a_chip_shows_its_code(qtbot, exploration):
    chips = QtTokenChips(exploration)
    qtbot.addWidget(chips)
    chips.resize(600, 200)
    chips.show()
    qtbot.waitExposed(chips)
    rect = chips.canvas.rects[1]
    assert chips.canvas.chip_at(rect.center()) == 1
    assert chips.canvas.chip_at(QtCore.QPointF(rect.right() + 500, rect.bottom() + 500)) == -1


def test_generated_text_marks_each_token_with_its_probability(qtbot, exploration):
    text = QtGeneratedText(exploration)
    qtbot.addWidget(text)
    made = [exploration.step() for _ in range(3)] + [exploration.choose(exploration.candidates(5)[4].token)]
    html = text.toHtml()
    assert text.toPlainText().count("%") >= len(made)
    for g in made:
        assert percent(g.probability) in text.toPlainText()
    assert "font-weight:700" in html  # the chosen token is marked as chosen (bold)
    assert "".join(text.pieces) == exploration.tokenizer.decode([g.token for g in exploration.generated])


@pytest.mark.parametrize("p, shown", [(0.004, "<1%"), (0.5, "50%"), (0.996, ">99%"), (1.0, "100%")])
def test_percent_never_rounds_to_a_misleading_number(p, shown):
    assert percent(p) == shown


def test_a_hidden_view_waits_and_catches_up_when_shown(qtbot, exploration, monkeypatch):
    """Only the chosen tab redraws on a step; the others catch up once when shown."""
    calls = []
    original = QtNextToken.refresh
    monkeypatch.setattr(QtNextToken, "refresh", lambda self: (calls.append(1), original(self)))
    tabs = QtWidgets.QTabWidget()
    qtbot.addWidget(tabs)
    view = QtNextToken(exploration)
    tabs.addTab(view, "next")
    tabs.addTab(QtWidgets.QLabel("other"), "other")
    tabs.show()
    qtbot.waitExposed(tabs)
    tabs.setCurrentIndex(1)
    calls.clear()
    for _ in range(3):
        exploration.step()
    assert calls == []  # hidden: no time spent redrawing
    tabs.setCurrentIndex(0)
    assert len(calls) == 1  # one catch-up for three steps
    assert [c.shown_prob for c in view.candidates] == [c.shown_prob for c in exploration.candidates(10)]


def test_views_unsubscribe_when_destroyed(qtbot, exploration):
    before = exploration.listener_count
    for cls in (QtTokenChips, QtGeneratedText, QtNextToken):
        view = cls(exploration)
        assert exploration.listener_count == before + 1
        view.deleteLater()
        qtbot.waitUntil(lambda: exploration.listener_count == before)
        del view
    gc.collect()
    exploration.step()  # would raise if a dead view were still listening
