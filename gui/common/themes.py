"""Themes: the window's colours as data, in three sets: light (the look the app always had), dark,
and high contrast. Ctrl+Shift+T goes to the next; the choice is remembered (gui/common/settings.py).

A theme is a set of named colours. It becomes the application's QPalette, which every Qt widget
follows, plus what Qt cannot pass on by itself: the plots' background, axes and labels (pyqtgraph
takes no palette), and the few colours written into rich text (the grey of a caption, the number
after a word). `apply` sets the palette and recolours every open plot at once; a view that writes
theme colours into its own text redraws on Qt's palette-change event (`on_palette_change`), the way
zoomed views re-derive their fonts on a font change.

Text is readable in every theme by the WCAG 2.x measure (`contrast_ratio`): at least 4.5:1 for
every text colour on the background it is drawn on, 7:1 in high contrast, and 3:1 for the frames
that mark the focus and the selection (tests/gui/test_themes.py checks each pair in `TEXT_PAIRS`).
What does not change with the theme is the meaning drawn inside the views: heat maps keep viridis,
the masked future keeps its grey hatch, the selection its orange frame (gui/common/colors.py), all
chosen to be colour-blind safe and visible on a light or a dark background alike.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from PySide6 import QtCore, QtGui, QtWidgets

from .actions import GLOBAL, ActionSpec


@dataclass(frozen=True)
class Theme:
    key: str
    title: str
    window: str  # the background of the window, panels and the attention views
    window_text: str
    base: str  # the background of text boxes, lists and the generated text
    alternate_base: str
    text: str
    muted: str  # captions, hints, the chance written after each word
    soft: str  # the prompt before the model's words: text, a step back
    button: str
    button_text: str
    light: str  # the bevels and frames the Fusion style draws
    midlight: str
    dark: str
    mid: str
    shadow: str
    highlight: str  # selected text and items
    highlighted_text: str
    link: str
    visited: str
    tooltip_base: str
    tooltip_text: str
    placeholder: str  # the hint in an empty box, the timeline's step numbers
    disabled: str  # the text of a control that cannot be used now (WCAG asks no contrast of it)
    plot_background: str
    plot_foreground: str  # axes and ticks
    plot_text: str  # numbers and words drawn on a plot
    cut: str  # a bar that top-k or top-p cut (it is also labelled "cut by ...")
    line: str  # the attention lines between tokens (gui/explore/qt_attention_lines.py)
    note: str  # the background of the chat note
    error: str
    warning: str
    focus: str  # the keyboard focus frame (gui/common/qt_focus_frame.py)
    style: str = "platform"  # the Qt style: the platform's own (the look the app always had), "fusion"
    # (which follows a palette wherever it runs), or "outlined" (Fusion with white frames, for black)


LIGHT = Theme(
    "light", "Light",
    window="#efefef", window_text="#000000", base="#ffffff", alternate_base="#f7f7f7", text="#000000",
    muted="#555555", soft="#333333", button="#efefef", button_text="#000000",
    light="#ffffff", midlight="#cacaca", dark="#9f9f9f", mid="#b8b8b8", shadow="#767676",
    highlight="#2b79b5",  # Fusion's #308cc6 gives white text 3.7:1; this is the same blue, darker
    highlighted_text="#ffffff", link="#0000ff", visited="#800080", tooltip_base="#ffffdc", tooltip_text="#000000",
    placeholder="#6b6b6b",  # Fusion's half-transparent black is #7f7f7f on white: 4.0:1
    disabled="#bebebe", plot_background="#ffffff", plot_foreground="#000000", plot_text="#222222",
    cut="#c9c9c9", line="#0072b2", note="#eef4fb", error="#b00020", warning="#8a5a00", focus="#0072b2")

DARK = Theme(
    "dark", "Dark",
    window="#202124", window_text="#e8eaed", base="#17181a", alternate_base="#242528", text="#e8eaed",
    muted="#b0b3b8", soft="#d2d4d8", button="#303134", button_text="#e8eaed",
    light="#4a4b4f", midlight="#3c3d40", dark="#101112", mid="#2a2b2e", shadow="#000000",
    highlight="#2f6fad", highlighted_text="#ffffff", link="#8ab4f8", visited="#c58af9",
    tooltip_base="#303134", tooltip_text="#e8eaed", placeholder="#9aa0a6", disabled="#5f6368",
    plot_background="#17181a", plot_foreground="#c8cacd", plot_text="#e8eaed",
    cut="#6e6e6e",  # dimmer than the kept bars, as the light theme's pale grey is on white
    line="#56b4e9",  # Okabe-Ito sky blue: the light theme's blue is faint on a dark background
    note="#1b3249", error="#f28b82", warning="#fdd663", focus="#56b4e9",  # Okabe-Ito sky blue
    style="fusion")

CONTRAST = Theme(
    "contrast", "High contrast",
    window="#000000", window_text="#ffffff", base="#000000", alternate_base="#141414", text="#ffffff",
    muted="#e0e0e0", soft="#ffffff", button="#262626", button_text="#ffffff",
    light="#ffffff", midlight="#bfbfbf", dark="#ffffff", mid="#8c8c8c", shadow="#ffffff",
    highlight="#ffd24d", highlighted_text="#000000", link="#ffff00", visited="#ff80ff",
    tooltip_base="#000000", tooltip_text="#ffffff", placeholder="#c8c8c8", disabled="#8c8c8c",
    plot_background="#000000", plot_foreground="#f0f0f0", plot_text="#ffffff",
    cut="#8a8a8a", line="#56b4e9", note="#002b4d", error="#ff8080", warning="#ffd24d", focus="#00ffff",
    style="outlined")

THEMES = {t.key: t for t in (LIGHT, DARK, CONTRAST)}

# (text, background): every pair a theme draws text with, for the contrast test
TEXT_PAIRS = (("window_text", "window"), ("text", "base"), ("text", "alternate_base"), ("muted", "window"),
              ("muted", "base"), ("soft", "base"), ("soft", "window"), ("button_text", "button"),
              ("highlighted_text", "highlight"), ("link", "base"), ("visited", "base"),
              ("tooltip_text", "tooltip_base"),
              ("placeholder", "base"), ("placeholder", "window"), ("plot_text", "plot_background"),
              ("plot_foreground", "plot_background"),
              ("window_text", "note"), ("error", "window"), ("error", "base"), ("warning", "window"),
              ("warning", "base"))
# (mark, background): frames and bars that must stand out from what is around them (WCAG 1.4.11, 3:1)
MARK_PAIRS = (("focus", "window"), ("focus", "base"), ("focus", "plot_background"), ("line", "window"))
# colours a plot's texts may have been given from the theme; a switch recolours them role by role, so
# within a theme they differ (tests/gui/test_themes.py checks it), or a switch could not tell them apart
PLOT_ROLES = ("muted", "plot_foreground", "plot_text")
# colours a label's rich text may have been written in (`css`); not "text": black words on a pale tint stay black
_LABEL_ROLES = ("muted", "soft", "error", "warning", "cut")
_CSS_COLOR = re.compile(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})")

THEME_ACTIONS = (
    ActionSpec("next_theme", "Next theme", ("Ctrl+Shift+T",),
               "Light, dark or high contrast colours, in turn (remembered for next time)", "Window", GLOBAL),
)

_current = LIGHT
_platform_style = ""  # the style the app started with, for the light theme


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio of two colours ("#rrggbb"): (L1 + 0.05) / (L2 + 0.05), L1 the lighter's
    relative luminance, from 1 (the same) to 21 (black on white)."""
    def luminance(colour: str) -> float:
        c = QtGui.QColor(colour)
        rgb = (c.redF(), c.greenF(), c.blueF())
        linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def current() -> Theme:
    return _current


def color(role: str) -> QtGui.QColor:
    """A colour of the theme in use ("muted", "plot_text", ...)."""
    return QtGui.QColor(getattr(_current, role))


def css(role: str) -> str:
    """The same, for a style in rich text: `<span style='color:{css("muted")}'>`."""
    return getattr(_current, role)


def next_key(key: str) -> str:
    keys = list(THEMES)
    return keys[(keys.index(key) + 1) % len(keys)] if key in THEMES else keys[0]


def palette(theme: Theme) -> QtGui.QPalette:
    """The theme as the QPalette every widget draws with."""
    R, G = QtGui.QPalette.ColorRole, QtGui.QPalette.ColorGroup
    roles = {R.Window: theme.window, R.WindowText: theme.window_text, R.Base: theme.base,
             R.AlternateBase: theme.alternate_base, R.Text: theme.text, R.Button: theme.button,
             R.ButtonText: theme.button_text, R.BrightText: "#ffffff", R.Light: theme.light,
             R.Midlight: theme.midlight, R.Dark: theme.dark, R.Mid: theme.mid, R.Shadow: theme.shadow,
             R.Highlight: theme.highlight, R.HighlightedText: theme.highlighted_text, R.Link: theme.link,
             R.LinkVisited: theme.visited, R.ToolTipBase: theme.tooltip_base, R.ToolTipText: theme.tooltip_text,
             R.PlaceholderText: theme.placeholder, R.Accent: theme.highlight}
    result = QtGui.QPalette()
    for role, value in roles.items():
        result.setColor(role, QtGui.QColor(value))
    for role in (R.WindowText, R.Text, R.ButtonText, R.Highlight, R.Accent):
        result.setColor(G.Disabled, role, QtGui.QColor(theme.disabled))
    result.setColor(G.Disabled, R.Base, QtGui.QColor(theme.window))
    return result


def plot_options(theme: Theme | None = None) -> dict:
    """pyqtgraph's defaults for plots made from now on: `pg.setConfigOptions(**plot_options())`."""
    theme = theme or _current
    return {"background": theme.plot_background, "foreground": theme.plot_foreground}


def plot_background() -> QtGui.QColor:
    """The background a plot is made with (`pg.PlotWidget(background=plot_background())`)."""
    return color("plot_background")


def apply(key: str, app: QtWidgets.QApplication | None = None) -> Theme:
    """Put theme `key` on the running app (an unknown key gives the light theme): the palette, new
    plots' defaults, and every open plot recoloured now."""
    global _current
    old, _current = _current, THEMES.get(key, LIGHT)
    app = app or QtWidgets.QApplication.instance()
    pg = sys.modules.get("pyqtgraph")  # not loaded yet: then no plot exists either
    if pg is not None:
        pg.setConfigOptions(**plot_options())
    _use_style(app, _current.style)
    if app.palette() != palette(_current):  # (each new window applies the remembered theme: mostly the same)
        app.setPalette(palette(_current))  # views that write theme colours redraw on the PaletteChange it sends
    if old is not _current:
        labels = {getattr(old, r): getattr(_current, r) for r in _LABEL_ROLES}
        for widget in app.allWidgets():
            if pg is not None and isinstance(widget, pg.GraphicsView):
                _recolor_plot(pg, widget, old, _current)
            elif isinstance(widget, QtWidgets.QLabel) and "color:" in widget.text():
                # a label written once with theme colours: the new theme's, in one pass (no colour is
                # swapped twice); views that write their text again later ask `css` anyway
                text = _CSS_COLOR.sub(lambda m: "color:" + labels.get(m.group(1).lower(), m.group(1)), widget.text())
                if text != widget.text():
                    widget.setText(text)
            if widget.property("themeMuted"):
                mute(widget)
    return _current


def _use_style(app: QtWidgets.QApplication, style: str) -> None:
    """Change the app's Qt style only when the theme asks for another one (a change re-polishes every widget)."""
    from .qt_outlined_style import QtOutlinedStyle
    global _platform_style
    outlined = isinstance(app.style(), QtOutlinedStyle)
    _platform_style = _platform_style or app.style().name()
    if style == "outlined":
        if not outlined:
            app.setStyle(QtOutlinedStyle())
        return
    name = _platform_style if style == "platform" else style
    if outlined or app.style().name().lower() != name.lower():
        app.setStyle(name)


def mute(label: QtWidgets.QWidget) -> QtWidgets.QWidget:
    """Draw `label`'s text in the theme's grey for captions, now and after every switch. A palette,
    not a style sheet: a widget with a style sheet stops following the zoom."""
    label.setProperty("themeMuted", True)
    colours = label.palette()
    colours.setColor(QtGui.QPalette.ColorRole.WindowText, color("muted"))
    label.setPalette(colours)
    return label


def _recolor_plot(pg, view, old: Theme, new: Theme) -> None:
    """Recolour what a plot took from the old theme: its background, its axes, and the labels and texts
    written in one of the theme's `PLOT_ROLES` colours. Colours that carry meaning (bars, curves, heat
    maps, white numbers inside a bar) are left as they are."""
    backgrounds = {QtGui.QColor(getattr(old, r)).rgb(): getattr(new, r) for r in ("window", "plot_background")}
    background = backgrounds.get(view.backgroundBrush().color().rgb())
    if background is not None:
        view.setBackground(background)
    texts = {QtGui.QColor(getattr(old, r)).rgb(): getattr(new, r) for r in PLOT_ROLES}
    for item in view.scene().items() if view.scene() is not None else ():
        if isinstance(item, pg.AxisItem):  # no view colours its axes: every axis takes the theme's
            item.setPen(new.plot_foreground)
            item.setTextPen(new.plot_foreground)  # also the colour of the axis title
        elif isinstance(item, pg.TextItem) and item.color.rgb() in texts:
            item.setColor(texts[item.color.rgb()])
        elif isinstance(item, pg.LabelItem):
            was = pg.mkColor(item.opts["color"] or old.plot_foreground).rgb()
            if was in texts:
                item.setText(item.text, color=texts[was])


def install(window) -> None:
    """Give the main window its key for the next theme, the theme and zoom remembered from the last
    run, and remember both on every change from now on (gui/common/settings.py)."""
    from . import settings

    def next_theme() -> None:
        theme = apply(next_key(_current.key))
        settings.remember(theme=theme.key)
        window.report(f"{theme.title} colours (Ctrl+Shift+T for the next; remembered for next time).")

    window.actions.register(*THEME_ACTIONS)
    window.actions.bind(next_theme=next_theme)
    remembered = settings.load()
    apply(remembered["theme"])
    if abs(remembered["zoom"] - window.zoom.factor) > 1e-6:
        window.zoom.set_factor(remembered["zoom"])
    window.zoom.changed = lambda factor: settings.remember(zoom=factor)


def on_palette_change(event: QtCore.QEvent) -> bool:
    """Whether `event` means the colours changed (a view that writes theme colours redraws on it)."""
    return event.type() in (QtCore.QEvent.Type.PaletteChange, QtCore.QEvent.Type.ApplicationPaletteChange)
