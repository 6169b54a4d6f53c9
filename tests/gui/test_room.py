"""Readable from the back of a room: one zoom for every font, nothing clipped or cut, right-to-left
text that cannot move the numbers, the window fitted to its screen; and the token + position view."""
import numpy as np
import pytest
from PySide6 import QtGui, QtWidgets

from gui.common.text_format import isolate
from gui.explore.qt_embedding import QtEmbedding
from gui.explore.qt_logit_lens import QtLogitLens
from gui.explore.qt_neurons import QtNeurons

from .driving import Key, Mod, press

LONG_PROMPT = ("Once upon a time, a cat named Tom lived in a red house. Tom liked fish. One day, Mia went "
               "to the park with her dog Max. They played with a blue ball.")


def sizes(window) -> dict[str, float]:
    bars = window.views.views["next"]
    return {
        "app": QtWidgets.QApplication.font().pointSizeF(),
        "chips": window.chips.canvas.font().pointSizeF(),
        "chip rows": window.chips.canvas.rects[0].height(),
        "bar labels": bars.labels[0].textItem.font().pointSizeF(),
        "bar ticks": bars.plot.getPlotItem().getAxis("left").style["tickFont"].pointSizeF(),
        "text": window.generated.browser.font().pointSizeF(),
        "explanation": window.explanation.font().pointSizeF(),
        "help": window.help.card.font().pointSizeF(),
        "head ticks": window.views.views["head"]._plot.getPlotItem().getAxis("left").style["tickFont"].pointSizeF(),
        "neuron labels": window.views.views["neurons"]._labels[0][0].textItem.font().pointSizeF(),
    }


def test_zoom_grows_every_font_together_and_ctrl_0_restores_it(qtbot, window, exploration):
    exploration.step()
    before = sizes(window)
    press(qtbot, Key.Key_Equal, Mod.ControlModifier)
    press(qtbot, Key.Key_Equal, Mod.ControlModifier)
    # Qt hands the new font to the widgets through posted events
    qtbot.waitUntil(lambda: sizes(window)["chip rows"] > before["chip rows"] * 1.2)
    after = sizes(window)
    factor = window.zoom.factor
    assert factor == pytest.approx(1.3)
    for part in before:
        assert after[part] > before[part] * 1.2, part  # everything grew, chips, bars and text alike
        if part != "chip rows":
            assert after[part] == pytest.approx(before[part] * factor, rel=0.08), part
    press(qtbot, Key.Key_Minus, Mod.ControlModifier)
    assert window.zoom.factor == pytest.approx(1.15)
    press(qtbot, Key.Key_0, Mod.ControlModifier)
    qtbot.waitUntil(lambda: sizes(window) == pytest.approx(before))


def test_the_window_fits_the_screen_it_is_on(qtbot, window):
    window.fit_to_screen()
    area = window.screen().availableGeometry()  # the offscreen screen is 800 x 800, narrower than the window's least
    assert window.width() == max(area.width(), window.minimumSizeHint().width())
    assert area.height() - 40 <= window.height() <= area.height()  # less a title bar, if any
    assert window.minimumSizeHint().width() <= 1280 and window.minimumSizeHint().height() <= 720


def lens_at_the_end(qtbot, exploration) -> QtLogitLens:
    exploration.set_prompt(LONG_PROMPT * 2)
    view = QtLogitLens(exploration)
    qtbot.addWidget(view)
    view.resize(900, 300)
    view.show()
    qtbot.waitExposed(view)
    exploration.step()  # scrolled to the newest column
    return view


def test_the_logit_lens_never_cuts_its_first_column_or_a_cell(qtbot, exploration):
    view = lens_at_the_end(qtbot, exploration)
    for width in (900, 777, 1234):
        view.resize(width, 300)
        qtbot.waitUntil(lambda: view.viewport().width() == width - view.verticalHeader().width()
                        - 2 * view.frameWidth(), timeout=2000)
        view.scrollTo(view.cell_index(0, view.model().columnCount() - 1))
        header = view.horizontalHeader()
        first = header.logicalIndexAt(0)
        last = view.model().columnCount() - 1
        assert header.sectionViewportPosition(first) == 0, width  # the first column in view starts whole
        assert header.sectionViewportPosition(last) + header.sectionSize(last) <= view.viewport().width()
    metrics = QtGui.QFontMetrics(QtGui.QFont(view.font()))
    bold = QtGui.QFont(view.font())
    bold.setBold(True)
    wide = QtGui.QFontMetrics(bold)
    for layer in range(exploration.model.config.n_layer):
        for column in range(view.model().columnCount()):
            text = view.cell_text(layer, column)
            assert max(metrics.horizontalAdvance(text), wide.horizontalAdvance(text)) < view.columnWidth(column)


def test_neuron_labels_are_whole_and_fit_their_bars(qtbot, exploration):
    view = QtNeurons(exploration)
    qtbot.addWidget(view)
    for width in (500, 1400):
        view.resize(width, 500)
        view.show()
        qtbot.waitExposed(view)
        qtbot.waitUntil(lambda: view._chart.width() > width * 0.8)
        shown = view.shown()
        for layer, row in enumerate(shown):
            ticks = view._plots[layer].getAxis("bottom")._tickLevels[0]
            for (_, label), (neuron, _) in zip(ticks, row):
                pushed = exploration.neuron_effects(layer, neuron, top=1)[0][1]
                assert label == f"#{neuron} →{pushed}"  # the whole token, nothing cut off
                slot = (view._chart.width() - 60) / len(row)
                assert QtGui.QFontMetrics(view._font).horizontalAdvance(label) + 16 <= slot
    assert len(view.shown()[0]) > 3  # the wide view shows more neurons than the narrow one could


def test_neuron_panel_says_what_the_push_is_and_is_not(qtbot, exploration):
    view = QtNeurons(exploration)
    qtbot.addWidget(view)
    text = view.EXPLANATION
    c = exploration.model.config
    assert f"{4 * c.n_embd:,} neurons" in text and f"{c.n_layer * 4 * c.n_embd:,} in this model" in text
    assert "not what the model will write" in text and "undo" in text
    neuron, firing = view.shown()[1][0]
    tip = view.tooltip(1, neuron, firing)
    score = exploration.neuron_effects(1, neuron, top=1)[0][2]
    assert f"{score:+.2f}" in tip and "not a prediction" in tip


def test_right_to_left_text_cannot_mirror_the_number_beside_it(qapp):
    for word in ("שלום", "مرحبا", "·שלום"):
        text = f"{isolate(word)} 12%"
        layout = QtGui.QTextLayout(text, qapp.font())
        layout.beginLayout()
        line = layout.createLine()
        layout.endLayout()
        x_percent = line.cursorToX(text.index("%"))[0]
        x_word = max(line.cursorToX(text.index(c))[0] for c in word)
        assert x_percent > x_word, word  # the number stays on the right, after the word
        plain = f"{word} 12%"  # and without the fence it would not: the test can fail
        layout = QtGui.QTextLayout(plain, qapp.font())
        layout.beginLayout()
        line = layout.createLine()
        layout.endLayout()
        assert line.cursorToX(plain.index("%"))[0] < max(line.cursorToX(plain.index(c))[0] for c in word)
    assert isolate("·cat") == "·cat"  # left-to-right text is left alone


def test_the_token_and_position_view_shows_the_two_parts_and_their_sum(qtbot, exploration):
    view = QtEmbedding(exploration)
    qtbot.addWidget(view)
    window, model = exploration.window, exploration.model
    for position in (len(window) - 1, 2):
        view.set_position(position)
        token = model.wte.weight[window[position]].detach().numpy()
        place = model.wpe.weight[position].detach().numpy()
        np.testing.assert_allclose(view.parts()[0], token, atol=1e-6)
        np.testing.assert_allclose(view.parts()[1], place, atol=1e-6)
        np.testing.assert_allclose(view.parts()[2], token + place, atol=1e-6)
        np.testing.assert_allclose(view._images[2].image[0], token + place, atol=1e-6)
        assert f"token {position + 1}" in view.title()
    assert "position" in view.EXPLANATION and "dog saw the cat" in view.EXPLANATION
    exploration.step()
    assert view.position() == 2  # a pick stays put as the text grows
    view.move_selection(1, 0)
    assert view.position() == 3
