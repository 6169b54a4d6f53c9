"""The logit lens and neuron views show the engine's numbers, follow its changes and selections,
and let go of the engine when closed. Also the shared colours they are drawn with."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from gui.common.colors import MASKED_COLOR, TOKEN_PALETTE, probability_color, text_color_for, token_color
from gui.explore.qt_logit_lens import QtLogitLens, percent
from gui.explore.qt_neurons import ENHANCER, QtNeurons


# -- logit lens ---------------------------------------------------------------------------
def test_lens_cells_show_the_engine_lens(qtbot, exploration):
    view = QtLogitLens(exploration)
    qtbot.addWidget(view)
    ids, probs = exploration.lens(top=3)
    n_layer, n = ids.shape[:2]
    assert view.model().rowCount() == n_layer and view.model().columnCount() == n == len(exploration.window)
    display = exploration.tokenizer.display
    for layer in range(n_layer):
        for t in range(n):
            p = float(probs[layer, t, 0])
            assert view.cell_text(layer, t) == f"{display(int(ids[layer, t, 0]))} {percent(p)}"
            index = view.cell_index(layer, t)
            assert index.data(Qt.ItemDataRole.BackgroundRole).color() == probability_color(p)
            tip = index.data(Qt.ItemDataRole.ToolTipRole)
            assert all(display(int(i)) in tip for i in ids[layer, t])  # the top three guesses
    # the top row is the last layer: floors, with the model's own output on top
    assert view.model().headerData(0, Qt.Orientation.Vertical).startswith(f"layer {n_layer}")


def test_last_layer_is_the_models_own_prediction(qtbot, exploration):
    view = QtLogitLens(exploration)
    qtbot.addWidget(view)
    from explainer.tracing import trace  # all positions' logits (the Exploration keeps the last one only)
    logits = trace(exploration.model, exploration.window).logits
    last = exploration.model.config.n_layer - 1
    for t in range(len(exploration.window)):
        predicted = exploration.tokenizer.display(int(logits[t].argmax()))
        assert view.cell_text(last, t).startswith(predicted + " ")


def test_lens_follows_a_step_and_selection_emits_the_position(qtbot, exploration):
    view = QtLogitLens(exploration)
    qtbot.addWidget(view)
    n = len(exploration.window)
    assert view.position() == n - 1
    exploration.step()
    assert view.model().columnCount() == n + 1 and view.position() == n
    assert view.cell_text(0, n) == view.model().data(view.cell_index(0, n))
    with qtbot.waitSignal(view.positionSelected) as blocker:
        view.set_position(2)
    assert blocker.args == [2]
    exploration.step()  # a chosen column stays chosen as the text grows
    assert view.position() == 2


def test_clicking_a_cell_selects_its_column(qtbot, exploration):
    view = QtLogitLens(exploration)
    qtbot.addWidget(view)
    view.resize(1200, 300)
    view.show()
    qtbot.waitExposed(view)
    view.scrollTo(view.cell_index(0, 1))
    rect = view.visualRect(view.cell_index(0, 1))
    with qtbot.waitSignal(view.positionSelected) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [1]
    assert all(i.column() == 1 for i in view.selectionModel().selectedIndexes())


# -- neurons -------------------------------------------------------------------------------
def test_neurons_show_the_engine_top_neurons(qtbot, exploration):
    view = QtNeurons(exploration, k=5)
    qtbot.addWidget(view)
    last = len(exploration.window) - 1
    expected = [exploration.top_neurons(layer, last, k=5) for layer in range(2)]
    assert view.position() == last and view.shown() == expected
    for layer in range(2):
        assert list(view.bars(layer).opts["height"]) == [v for _, v in expected[layer]]
        ticks = view._plots[layer].getAxis("bottom")._tickLevels[0]
        assert [label.split(" →")[0] for _, label in ticks] == [f"#{n}" for n, _ in expected[layer]]
    assert exploration.displays()[last] in view.title()
    with qtbot.waitSignal(view.positionSelected) as blocker:
        view.set_position(1)
    assert blocker.args == [1]
    assert view.shown() == [exploration.top_neurons(layer, 1, k=5) for layer in range(2)]
    view.move_selection(1, 0)  # Shift+→, as the window sends it
    assert view.position() == 2


def test_neurons_follow_the_newest_token(qtbot, exploration):
    view = QtNeurons(exploration)
    qtbot.addWidget(view)
    exploration.step()
    last = len(exploration.window) - 1
    assert view.position() == last
    drawn = len(view.shown()[0])
    assert drawn >= 3 and view.shown() == [exploration.top_neurons(layer, last, k=8)[:drawn] for layer in range(2)]
    assert ENHANCER in view.EXPLANATION


# -- life cycle and colours ------------------------------------------------------------------------
@pytest.mark.parametrize("make", [QtLogitLens, QtNeurons])
def test_views_unsubscribe_when_closed(qtbot, exploration, make):
    before = exploration.listener_count
    view = make(exploration)
    qtbot.addWidget(view)
    assert exploration.listener_count == before + 1
    assert view.accessibleName() and len(make.EXPLANATION.split(". ")) >= 2
    view.close()
    assert exploration.listener_count == before
    position = view.position()
    exploration.step()
    assert view.position() == position  # no longer following the text


def test_colours_are_distinct_and_readable():
    assert len({token_color(i).name() for i in range(len(TOKEN_PALETTE))}) == len(TOKEN_PALETTE)
    assert token_color(len(TOKEN_PALETTE)) == token_color(0)
    assert probability_color(0.0) != probability_color(1.0)
    assert MASKED_COLOR not in (probability_color(0.0), probability_color(1.0))
    assert text_color_for(probability_color(0.0)) == QColor(Qt.GlobalColor.white)  # dark purple
    assert text_color_for(probability_color(1.0)) == QColor(Qt.GlobalColor.black)  # yellow


@pytest.mark.parametrize("make", [QtLogitLens, QtNeurons])
def test_views_unsubscribe_when_destroyed_inside_a_window(qtbot, exploration, make):
    window = QWidget()  # a window deletes its children without closing them one by one
    qtbot.addWidget(window)
    before = exploration.listener_count
    make(exploration, parent=window).deleteLater()
    qtbot.waitUntil(lambda: exploration.listener_count == before)
    exploration.step()  # would call into a deleted view if it still listened


def test_each_neuron_label_names_the_token_it_pushes(qtbot, exploration):
    from gui.explore.qt_neurons import QtNeurons
    view = QtNeurons(exploration, k=4)
    qtbot.addWidget(view)
    layer, (neuron, value) = 1, view.shown()[1][0]
    expected = exploration.neuron_effects(layer, neuron, top=1)[0][1]
    assert view._labels[layer][0].toPlainText() == f"{value:.2f}"
    ticks = view._plots[layer].getAxis("bottom")._tickLevels[0]
    assert ticks[0] == (0, f"#{neuron} →{expected}")  # whole, never cut
