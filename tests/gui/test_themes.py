"""Themes and what the window remembers: every text of every theme readable by the WCAG 2.x measure,
the frames that mark the focus and the selection visible on every background, Ctrl+Shift+T
recolouring the window and its plots at once, the theme and the zoom surviving a new window (the
settings file), and the generated text saying how sure the model was by more than colour."""
import dataclasses

import pytest
from PySide6 import QtGui

from gui.common import settings, themes
from gui.common.colors import ACCENT_COLOR, MASKED_HATCH_COLOR
from gui.common.qt_main_window import QtMainWindow
from gui.common.qt_outlined_style import QtOutlinedStyle
from gui.common.themes import CONTRAST, DARK, LIGHT, MARK_PAIRS, PLOT_ROLES, TEXT_PAIRS, THEMES, contrast_ratio

from .driving import Key, Mod, press

Role = QtGui.QPalette.ColorRole
BACKGROUNDS = ("window", "base", "plot_background")


@pytest.fixture(autouse=True)
def _light_again(qapp):
    """A test that switches the theme gives the next test the light one back."""
    yield
    themes.apply("light", qapp)


def next_theme(qtbot) -> None:
    press(qtbot, Key.Key_T, Mod.ControlModifier | Mod.ShiftModifier)


def test_contrast_ratio_gives_the_known_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)  # the order does not matter
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # just under WCAG AA
    assert contrast_ratio("#123456", "#123456") == pytest.approx(1.0)


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_every_text_of_every_theme_is_readable(theme):
    least = 7.0 if theme is CONTRAST else 4.5  # WCAG AAA for high contrast, AA otherwise
    poor = {f"{text} on {background}": round(contrast_ratio(getattr(theme, text), getattr(theme, background)), 2)
            for text, background in TEXT_PAIRS
            if contrast_ratio(getattr(theme, text), getattr(theme, background)) < least}
    assert not poor


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_the_marks_stand_out_on_every_background(theme):
    for mark, background in MARK_PAIRS:  # the focus frame and the attention lines (WCAG 1.4.11: 3:1)
        assert contrast_ratio(getattr(theme, mark), getattr(theme, background)) >= 3.0, (mark, background)
    for background in BACKGROUNDS:
        colour = getattr(theme, background)
        assert contrast_ratio(ACCENT_COLOR.name(), colour) >= 3.0  # the orange selection frame
        # the masked future: its hatch against the page (the light theme's, unchanged, is the faintest)
        assert contrast_ratio(MASKED_HATCH_COLOR.name(), colour) >= 2.0


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_a_switch_can_tell_the_colours_of_a_plot_apart(theme):
    colours = [getattr(theme, role) for role in PLOT_ROLES]
    assert len(set(colours)) == len(colours)  # it recolours a plot's texts by the colour they have


def test_the_palette_is_the_theme():
    for theme in THEMES.values():
        palette = themes.palette(theme)
        assert palette.color(Role.Window).name() == theme.window
        assert palette.color(Role.Text).name() == theme.text
        assert palette.color(Role.Highlight).name() == theme.highlight
        assert palette.color(Role.PlaceholderText).name() == theme.placeholder


def test_ctrl_shift_t_recolours_the_window_and_its_plots_at_once(qtbot, window, qapp):
    bars = window.views.views["next"]
    plot = bars.plot
    assert qapp.palette().color(Role.Window).name() == LIGHT.window
    assert plot.backgroundBrush().color().name() == LIGHT.plot_background
    next_theme(qtbot)
    assert themes.current() is DARK
    assert qapp.palette().color(Role.Window).name() == DARK.window
    assert plot.backgroundBrush().color().name() == DARK.plot_background
    axis = plot.getPlotItem().getAxis("bottom")
    assert axis.textPen().color().name() == DARK.plot_foreground
    assert all(label.color.name() in (DARK.plot_text, "#ffffff") for label in bars.labels)
    # the views that write theme colours into their text redraw on Qt's palette change
    qtbot.waitUntil(lambda: DARK.muted in window.generated.legend.text())
    assert DARK.muted in window.generated.toHtml() or not window.exploration.generated
    assert DARK.muted in window.help.card.text() and LIGHT.muted not in window.help.card.text()  # a label's grey
    assert "Dark" in window.status()
    style = qapp.style().name()
    next_theme(qtbot)
    assert themes.current() is CONTRAST and qapp.palette().color(Role.Base).name() == CONTRAST.base
    assert plot.backgroundBrush().color().name() == CONTRAST.plot_background
    assert isinstance(qapp.style(), QtOutlinedStyle)  # white frames: Fusion's own are black on black
    next_theme(qtbot)
    assert themes.current() is LIGHT and not isinstance(qapp.style(), QtOutlinedStyle)
    assert qapp.style().name() == style  # the platform's own style again
    assert qapp.palette().color(Role.Window).name() == LIGHT.window
    assert plot.backgroundBrush().color().name() == LIGHT.plot_background
    assert axis.textPen().color().name() == LIGHT.plot_foreground


def test_the_theme_survives_a_new_window(qtbot, window, exploration, qapp, tmp_path):
    next_theme(qtbot)
    assert settings.load()["theme"] == "dark"
    window.close()
    themes.apply("light", qapp)  # as a new run starts: nothing of the last one left but the file
    again = QtMainWindow(exploration=exploration, runs_dir=str(tmp_path / "runs"))
    qtbot.addWidget(again)
    assert themes.current() is DARK
    assert qapp.palette().color(Role.Window).name() == DARK.window


def test_the_zoom_survives_a_new_window(qtbot, window, exploration, qapp, tmp_path):
    normal = qapp.font().pointSizeF()
    window.zoom.step(1)
    window.zoom.step(1)
    assert settings.load()["zoom"] == pytest.approx(1.3)
    window.close()
    font = QtGui.QFont(qapp.font())
    font.setPointSizeF(normal)
    qapp.setFont(font)  # as a new run starts
    again = QtMainWindow(exploration=exploration, runs_dir=str(tmp_path / "runs"))
    qtbot.addWidget(again)
    assert again.zoom.factor == pytest.approx(1.3)
    assert qapp.font().pointSizeF() == pytest.approx(normal * 1.3)


def test_a_damaged_settings_file_gives_the_light_theme(qtbot, exploration, qapp, tmp_path):
    settings.settings_path().write_text('{"theme": "purple", "zoom": "big"}', encoding="utf-8")
    w = QtMainWindow(exploration=exploration, runs_dir=str(tmp_path / "runs"))
    qtbot.addWidget(w)
    assert themes.current() is LIGHT and w.zoom.factor == 1.0


def test_the_generated_text_says_how_sure_by_line_and_weight_too(qtbot, exploration):
    """Not by colour alone: likely words have no line, possible ones a dotted line, surprising ones a
    wavy line, and a word the person chose is bold."""
    from gui.explore.qt_generated_text import QtGeneratedText

    for token in exploration.tokenizer.encode(" Tom likes fish."):  # words, not spaces: each gets its marks
        exploration.choose(token)
    # the nano model is unsure of everything: give its words the chances a trained model would have
    chances = (0.9, 0.3, 0.02, 0.6)
    assert len(exploration.generated) == len(chances)
    exploration.generated[:] = [dataclasses.replace(g, probability=p, how="chosen" if i == 3 else "sample")
                                for i, (g, p) in enumerate(zip(exploration.generated, chances, strict=True))]
    text = QtGeneratedText(exploration)
    qtbot.addWidget(text)
    style = QtGui.QTextCharFormat.UnderlineStyle
    expected = [style.NoUnderline if p >= 0.5 else style.DotLine if p >= 0.1 else style.WaveUnderline
                for p in chances]
    words = []  # (underline, bold) of each tinted piece of text, in order
    block = text.browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            f = it.fragment().charFormat()
            if f.hasProperty(QtGui.QTextFormat.Property.BackgroundBrush):
                words.append((f.underlineStyle(), f.fontWeight() >= QtGui.QFont.Weight.Bold))
            it += 1
        block = block.next()
    assert [w[0] for w in words] == expected
    assert [w[1] for w in words] == [False, False, False, True]
    legend = text.legend.text()
    assert "dotted line" in legend and "wavy line" in legend and "<b>bold</b>: chosen by you" in legend
