"""The attention views draw exactly the engine's patterns, follow its changes, and answer clicks,
hovers and keys. Each test builds an Exploration on the nano model, builds a view, changes one
or the other, and reads the view back."""

import numpy as np
import pytest
import torch
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from explainer import GPT, preset
from explainer.config import GPTConfig
from explainer.explore import Exploration
from gui.common.colors import MASKED_COLOR, MASKED_HATCH_COLOR, probability_color
from gui.explore.qt_attention_grid import QtAttentionGrid
from gui.explore.qt_attention_head import QtAttentionHead
from gui.explore.qt_attention_lines import QtAttentionLines

LONG_PROMPT = ("Once upon a time, a cat named Tom lived in a red house. Tom liked fish. One day, Mia went "
               "to the park with her dog Max. They played with a blue ball.")


def engine(ex: Exploration, layer: int, head: int) -> np.ndarray:
    return ex.attention(layer, head).numpy()


def shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def color_distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


# -- the large heatmap ----------------------------------------------------------------------
def test_head_shows_exactly_the_engine_pattern_of_every_head(qtbot, exploration):
    view = QtAttentionHead(exploration)
    qtbot.addWidget(view)
    for layer in range(2):
        for head in range(2):
            view.set_head(layer, head)
            assert view.head() == (layer, head)
            np.testing.assert_array_equal(view.current_pattern(), engine(exploration, layer, head))
            np.testing.assert_array_equal(view.image_item().image, engine(exploration, layer, head))
    assert tuple(view.image_item().getLevels()) == (0, 1)


def test_head_follows_the_newest_token_after_a_step(qtbot, exploration):
    view = QtAttentionHead(exploration, layer=1, head=1)
    qtbot.addWidget(view)
    n = len(exploration.window)
    assert view.query() == n - 1
    exploration.step()
    np.testing.assert_array_equal(view.current_pattern(), engine(exploration, 1, 1))
    assert view.current_pattern().shape == (n + 1, n + 1)
    assert view.query() == n == view.lines_view().query()


def test_masked_future_is_drawn_apart_from_zero_weight(qtbot, exploration):
    view = shown(qtbot, QtAttentionHead(exploration))
    plot = view._plot
    box = plot.getPlotItem().getViewBox()
    picture = plot.grab().toImage()
    n = len(exploration.window)
    ratio = picture.width() / plot.width()

    def pixels(query, key):  # a 5x5 patch around the centre of cell (query, key)
        centre = plot.mapFromScene(box.mapViewToScene(QPointF(key + 0.5, query + 0.5)))
        return [picture.pixelColor(int(centre.x() * ratio) + dx, int(centre.y() * ratio) + dy)
                for dx in range(-2, 3) for dy in range(-2, 3)]

    zero = probability_color(0.0)
    masked = pixels(0, n - 1)  # the first token reading the last: the far future
    assert all(min(color_distance(c, MASKED_COLOR), color_distance(c, MASKED_HATCH_COLOR)) < 40 for c in masked)
    assert all(color_distance(c, zero) > 200 for c in masked)
    weight = float(view.current_pattern()[n - 1, 0])
    visible = pixels(n - 1, 0)[12]
    assert color_distance(visible, probability_color(weight)) < 30  # an allowed cell shows its weight
    assert view._mask.contains_cell(0, 1) and not view._mask.contains_cell(1, 1)
    assert all(view._mask.contains_cell(q, k) == (k > q) for q in range(n) for k in range(n))


def test_hover_shows_the_exact_weight(qtbot, exploration):
    view = shown(qtbot, QtAttentionHead(exploration, layer=1, head=0))
    displays = exploration.displays()
    q, k = 4, 2
    weight = engine(exploration, 1, 0)[q, k]
    text = view.hover_text(q, k)
    assert text == f"‘{displays[q]}’ → ‘{displays[k]}’: {weight:.3f}"
    assert "masked" in view.hover_text(2, 4)
    box = view._plot.getPlotItem().getViewBox()
    where = view._plot.mapFromScene(box.mapViewToScene(QPointF(k + 0.5, q + 0.5)))
    qtbot.mouseMove(view._plot.viewport(), where)
    qtbot.waitUntil(lambda: view.readout() == text)


def test_clicking_a_row_selects_that_query_and_the_lines_follow(qtbot, exploration):
    view = shown(qtbot, QtAttentionHead(exploration))
    box = view._plot.getPlotItem().getViewBox()
    where = view._plot.mapFromScene(box.mapViewToScene(QPointF(0.5, 3.5)))
    with qtbot.waitSignal(view.querySelected) as blocker:
        qtbot.mouseClick(view._plot.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert blocker.args == [3]
    assert view.lines_view().query() == 3
    view.lines_view().set_query(1)
    assert view.query() == 1
    view.move_selection(0, 1)  # Shift+↓, as the window sends it
    assert view.query() == 2 == view.lines_view().query()


# -- the grid -----------------------------------------------------------------------------
def test_grid_images_update_in_place_to_the_new_patterns(qtbot, exploration):
    grid = QtAttentionGrid(exploration)
    qtbot.addWidget(grid)
    items = {(l, h): grid.image(l, h) for l in range(2) for h in range(2)}
    n = len(exploration.window)
    exploration.step()
    for (l, h), item in items.items():
        assert grid.image(l, h) is item  # updated, not rebuilt
        assert item.image.shape == (n + 1, n + 1)
        np.testing.assert_array_equal(item.image, engine(exploration, l, h))
        assert item.image.flags["C_CONTIGUOUS"] and item.image.dtype == np.float32
    exploration.back()
    np.testing.assert_array_equal(grid.image(1, 1).image, engine(exploration, 1, 1))


def test_grid_rebuilds_for_a_model_of_another_shape(qtbot, exploration, small_tokenizer):
    grid = QtAttentionGrid(exploration)
    qtbot.addWidget(grid)
    torch.manual_seed(1)
    exploration.set_model(GPT(GPTConfig(vocab_size=small_tokenizer.vocab_size, n_layer=3, n_head=4, n_embd=32,
                                        block_size=64)))
    for l in range(3):
        for h in range(4):
            np.testing.assert_array_equal(grid.image(l, h).image, engine(exploration, l, h))


def test_clicking_a_thumbnail_emits_its_layer_and_head(qtbot, exploration):
    grid = shown(qtbot, QtAttentionGrid(exploration))
    for layer, head in ((1, 0), (0, 1)):
        centre = grid._views[layer][head].sceneBoundingRect().center()
        with qtbot.waitSignal(grid.headClicked) as blocker:
            qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.mapFromScene(centre))
        assert blocker.args == [layer, head]
        assert grid.selected() == (layer, head)
    assert grid.head_at(QPointF(-50, -50)) is None


def test_grid_selection_moves_by_floor_and_head_and_enter_opens(qtbot, exploration):
    grid = QtAttentionGrid(exploration)
    qtbot.addWidget(grid)
    assert grid.selected() == (0, 0)
    grid.move_selection(1, 0)  # Shift+→: the next head
    grid.move_selection(0, -1)  # Shift+↑: the floor above, layer 2
    grid.move_selection(0, -1)  # no layer 3: stays
    assert grid.selected() == (1, 1)
    with qtbot.waitSignal(grid.headClicked) as blocker:
        grid.activate_selection()  # Enter
    assert blocker.args == [1, 1]


def test_grid_redraws_a_4x4_model_at_128_tokens(qtbot, small_tokenizer):
    """At a full 128-token window every thumbnail still holds exactly its head's pattern
    (speed is measured by `python -m gui.bench step`, not asserted here)."""
    torch.manual_seed(0)
    model = GPT(preset("base", small_tokenizer.vocab_size)).eval()  # 4 layers x 4 heads, 128 tokens
    ex = Exploration(model, small_tokenizer, prompt=LONG_PROMPT * 8)
    assert len(ex.window) == 128
    grid = shown(qtbot, QtAttentionGrid(ex))
    ex.step()
    grid.viewport().repaint()
    for layer in range(4):
        for head in range(4):
            np.testing.assert_array_equal(grid.image(layer, head).image, ex.attention(layer, head).numpy())



def test_every_floor_of_a_4x4_grid_fits_a_short_view(qtbot, small_tokenizer):
    """At 1280x720 with a status message the grid gets about 270 px of height: the bottom floor
    (layer 1) and its label were cut off while the labels were turned up the side."""
    torch.manual_seed(0)
    model = GPT(preset("base", small_tokenizer.vocab_size)).eval()
    grid = shown(qtbot, QtAttentionGrid(Exploration(model, small_tokenizer, prompt="Once upon a time")))
    font = grid.font()
    font.setPointSizeF(11)  # the app's font
    grid.setFont(font)
    grid.resize(990, 260)
    qtbot.waitUntil(lambda: grid.viewport().height() <= 260)

    def fits() -> bool:
        visible = grid.mapToScene(grid.viewport().rect()).boundingRect()
        items = [label for label, _ in grid._labels] + [v for row in grid._views for v in row]
        return all(visible.contains(item.sceneBoundingRect()) for item in items)
    qtbot.waitUntil(fits, timeout=2000)


# -- the lines ----------------------------------------------------------------------------
def test_lines_go_only_back_and_only_above_the_threshold(qtbot, exploration):
    exploration.set_prompt(LONG_PROMPT * 2)  # a full window: some weights fall below 2%
    lines = QtAttentionLines(exploration, layer=1, head=1)
    qtbot.addWidget(lines)
    pattern = engine(exploration, 1, 1)
    skipped = 0
    for q in range(len(exploration.window)):
        lines.set_query(q)
        drawn = lines.lines()
        assert all(k <= q for k, _ in drawn)
        assert len(drawn) == int((pattern[q, : q + 1] >= QtAttentionLines.THRESHOLD).sum())
        assert [w for _, w in drawn] == [float(pattern[q, k]) for k, _ in drawn]
        skipped += q + 1 - len(drawn)
    assert skipped > 0  # the threshold was exercised


def test_clicking_a_token_on_the_left_selects_it(qtbot, exploration):
    lines = shown(qtbot, QtAttentionLines(exploration))
    canvas = lines.widget()
    y = canvas.top() + int(2.5 * canvas.row_height())
    with qtbot.waitSignal(lines.querySelected) as blocker:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(20, y))
    assert blocker.args == [2]
    assert all(k <= 2 for k, _ in lines.lines())


# -- life cycle -----------------------------------------------------------------------------
@pytest.mark.parametrize("make", [QtAttentionGrid, QtAttentionHead, QtAttentionLines])
def test_views_unsubscribe_when_closed(qtbot, exploration, make):
    before = exploration.listener_count
    view = make(exploration)
    qtbot.addWidget(view)
    assert exploration.listener_count > before
    assert view.accessibleName() and len(make.EXPLANATION.split(". ")) >= 2
    view.close()
    assert exploration.listener_count == before
    exploration.step()  # would raise or redraw if the view still listened


@pytest.mark.parametrize("make", [QtAttentionGrid, QtAttentionHead, QtAttentionLines])
def test_views_unsubscribe_when_destroyed_inside_a_window(qtbot, exploration, make):
    window = QWidget()  # a window deletes its children without closing them one by one
    qtbot.addWidget(window)
    before = exploration.listener_count
    view = make(exploration, parent=window)
    assert exploration.listener_count > before
    view.deleteLater()
    qtbot.waitUntil(lambda: exploration.listener_count == before)
    exploration.step()  # would call into a deleted view if it still listened
