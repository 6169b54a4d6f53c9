"""Figures out of the app: any view as PNG or SVG at a size for slides, carrying its provenance.

Which figure: a right-click picks the view under the pointer (the outermost of our views inside
the page, so the attention head comes with its lines and a chart with its title); the key
(Ctrl+Shift+E) takes the view with the keyboard focus, else the one in front on the page.
A PNG is drawn again at the chosen width (not scaled up from the screen's pixels: text and lines
stay sharp) and carries its caption, alt text and provenance in PNG text chunks; an SVG keeps
lines and text as vectors and carries them in its <title> and <desc>.
"""
from __future__ import annotations

import json
from pathlib import Path

from PySide6 import QtCore, QtGui, QtSvg, QtWidgets

from explainer.talks.provenance import Provenance, app_version, now_utc, sampling_text, weights_hash

CONTAINERS = (QtWidgets.QTabWidget, QtWidgets.QStackedWidget, QtWidgets.QSplitter, QtWidgets.QScrollArea)
NOT_FIGURES = ("QtControls", "QtTimeline", "QtPrompt", "QtNarrationBand")
WIDTHS = {"as on screen": 0, "1280 px (HD slide)": 1280, "1920 px (full HD slide)": 1920, "3840 px (4K)": 3840}
PAGE_TITLES = {"explore": "Explore", "train": "Train", "align": "Align", "compare": "Compare"}


# -- which figure -----------------------------------------------------------------------------------
def figure_at(window, widget: QtWidgets.QWidget | None) -> QtWidgets.QWidget | None:
    """The outermost view of ours between `widget` and its page (None outside the pages)."""
    page = window.page_widgets.get(window.current_page)
    found, w = None, widget
    while w is not None and w is not page and w is not window:
        name = type(w).__name__
        if type(w).__module__.startswith("gui.") and name.startswith("Qt") and not isinstance(w, CONTAINERS) \
                and name not in NOT_FIGURES:
            found = w
        w = w.parentWidget()
    return found if w is page else None


def figure_in_front(window) -> QtWidgets.QWidget | None:
    focused = figure_at(window, QtWidgets.QApplication.focusWidget())
    if focused is not None:
        return focused
    page = window.page_widgets.get(window.current_page)
    for name in ("views", "tabs", "parts"):  # each page's stack of views
        stack = getattr(page, name, None)
        if isinstance(stack, (QtWidgets.QTabWidget, QtWidgets.QStackedWidget)):
            return stack.currentWidget()
    return page


def figure_name(widget: QtWidgets.QWidget) -> str:
    return widget.accessibleName() or type(widget).__name__.removeprefix("Qt")


# -- what it is ---------------------------------------------------------------------------------------
def provenance_of(window) -> Provenance:
    """Where the figures on screen now come from."""
    shelf, ex = window.shelf, window.exploration
    model = shelf.shown
    step = shelf.shown_step if shelf.shown_step is not None else (model.latest_step if model.points else None)
    s = ex.settings
    prompt, seed, sampling = ex.prompt, ex.seed, sampling_text(s.temperature, s.top_k, s.top_p, s.greedy)
    compare = window.page_widgets.get("compare")
    if window.current_page == "compare" and compare is not None:  # its own request and dice
        prompt, seed = compare.prompt, compare.seed
        sampling = "greedy (no dice)" if compare.greedy else f"temperature {compare_temperature():g}, seed per answer"
    return Provenance(app_version=app_version(), model=model.title if model else "none",
                      weights_sha256=weights_hash(shelf.inspection_model.state_dict()), step=step, prompt=prompt,
                      seed=seed, sampling=sampling, date=now_utc(), page=PAGE_TITLES.get(window.current_page, ""),
                      rater=window.current_page in ("align", "compare"))


def compare_temperature() -> float:
    from ..compare.jobs import TEMPERATURE
    return TEMPERATURE


def alt_text(window, figure: QtWidgets.QWidget | None = None) -> str:
    """Words for someone who cannot see the figure: which page and view, which model, what text."""
    ex = window.exploration
    what = figure_name(figure) if figure is not None else f"the {PAGE_TITLES.get(window.current_page, '')} page"
    text = " ".join(ex.text.split())
    if len(text) > 300:
        text = "…" + text[-300:]
    return f"{what}, drawn by explainer from {window.shelf.shown.title}; the text it reads: “{text}”."


# -- writing ---------------------------------------------------------------------------------------------
def render_image(widget: QtWidgets.QWidget, width: int = 0) -> QtGui.QImage:
    """The widget drawn afresh at `width` pixels (0: its size on screen), its shape kept."""
    size = widget.size()
    scale = width / size.width() if width and size.width() else 1.0
    image = QtGui.QImage(max(1, round(size.width() * scale)), max(1, round(size.height() * scale)),
                         QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(widget.palette().color(widget.backgroundRole()))
    painter = QtGui.QPainter(image)
    painter.setRenderHints(QtGui.QPainter.RenderHint.Antialiasing | QtGui.QPainter.RenderHint.TextAntialiasing)
    painter.scale(scale, scale)
    _draw_widget(widget, painter)
    painter.end()
    return image


def _draw_widget(widget: QtWidgets.QWidget, painter: QtGui.QPainter) -> None:
    # QWidget's own render, children included: a plot (a QGraphicsView) overrides `render` to draw
    # only its scene, which would leave out its axes' labels drawn as widgets and its frame
    QtWidgets.QWidget.render(widget, painter, QtCore.QPoint(), QtGui.QRegion(),
                             QtWidgets.QWidget.RenderFlag.DrawChildren)


def write_png(widget, path: str | Path, provenance: Provenance, caption: str, alt: str, width: int = 0) -> Path:
    image = render_image(widget, width)
    image.setText("Title", caption[:200])
    image.setText("Description", alt)
    image.setText("Software", f"explainer {provenance.app_version}")
    image.setText("provenance", json.dumps(provenance.to_dict(), ensure_ascii=False))
    return _save(path, lambda tmp: image.save(str(tmp), "PNG"))


def write_svg(widget, path: str | Path, provenance: Provenance, caption: str, alt: str) -> Path:
    def draw(tmp: Path) -> bool:
        generator = QtSvg.QSvgGenerator()
        generator.setFileName(str(tmp))
        generator.setSize(widget.size())
        generator.setViewBox(QtCore.QRect(QtCore.QPoint(), widget.size()))
        generator.setTitle(caption[:200])
        rows = "; ".join(f"{k}: {v}" for k, v in provenance.rows())
        generator.setDescription(f"{alt} Provenance: {rows}")
        painter = QtGui.QPainter(generator)
        _draw_widget(widget, painter)
        return painter.end()
    return _save(path, draw)


def _save(path: str | Path, write) -> Path:
    """Write through a temporary file in the same folder, then rename: never half a figure."""
    from explainer.atomic import atomic_path
    path = Path(path)
    with atomic_path(path) as tmp:
        if not write(tmp):
            raise OSError(f"{path.name} could not be written")
    return path


# -- in the window ---------------------------------------------------------------------------------------
class FigureExporter(QtCore.QObject):
    """Right-click on a view, or Ctrl+Shift+E: the export dialog for that figure."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.folder = Path.home()
        window.actions.bind(export_figure=lambda: self.export(figure_in_front(window)))
        QtWidgets.QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QtCore.QEvent.Type.ContextMenu and isinstance(obj, QtWidgets.QWidget) \
                and obj.window() is self.window:
            figure = figure_at(self.window, obj)
            if figure is not None:
                menu = QtWidgets.QMenu(self.window)
                menu.addAction(f"Export “{figure_name(figure)}” as PNG or SVG…", lambda: self.export(figure))
                menu.exec(event.globalPos())
                return True
        return False

    def export(self, figure: QtWidgets.QWidget | None) -> None:
        if figure is None:
            self.window.report("There is no figure here to export.")
            return
        width, ok = QtWidgets.QInputDialog.getItem(self.window, "Export a figure", "Width:", list(WIDTHS), 1, False)
        if not ok:
            return
        name = figure_name(figure).split(":")[0].strip().replace(" ", "_").lower() or "figure"
        path, chosen = QtWidgets.QFileDialog.getSaveFileName(self.window, "Export the figure",
                                                             str(self.folder / f"{name}.png"),
                                                             "PNG image (*.png);;SVG drawing (*.svg)")
        if path:
            self.save(figure, path, WIDTHS[width])

    def save(self, figure: QtWidgets.QWidget, path: str | Path, width: int = 0) -> Path | None:
        path, w = Path(path), self.window
        svg = path.suffix.lower() == ".svg"
        path = path if svg else path.with_suffix(".png")
        caption, alt = figure_name(figure), alt_text(w, figure)
        try:
            if svg:
                write_svg(figure, path, provenance_of(w), caption, alt)
            else:
                write_png(figure, path, provenance_of(w), caption, alt, width)
        except OSError as exc:
            w.report(f"The figure could not be saved: {exc}")
            return None
        self.folder = path.parent
        w.report(f"Saved {path.name}, with its caption and provenance inside the file.")
        return path
