"""What a talk puts over the window: the narration band the room reads, the black screen (B),
the speaker notes over the window when there is no second screen (N), and the tour's card.

The band sits in a tool bar at the top of the window, so it takes room rather than covering a
view; the blank screen and the notes are children drawn over everything. None of them takes
the keyboard: the key router keeps every key for the talk.
"""
from __future__ import annotations

import html

from PySide6 import QtCore, QtGui, QtWidgets

from ..common import themes
from ..common.zoom import scaled_font


def _label(parent: QtWidgets.QWidget, name: str) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(QtCore.Qt.TextFormat.RichText)
    label.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
    label.setAccessibleName(name)
    return label


def text_height(label: QtWidgets.QLabel, width: int) -> int:
    """The height a wrapped rich-text label needs at `width`, laid out as Qt lays it out. Not the label's
    own heightForWidth: once its height is fixed that answers the fixed height, whatever the width."""
    document = QtGui.QTextDocument()
    document.setDefaultFont(label.font())
    document.setHtml(label.text())
    document.setTextWidth(max(1, width - 2 * label.margin()))
    return int(document.size().height()) + 2 * label.margin() + 2


def elapsed_text(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


class QtNarrationBand(QtWidgets.QToolBar):
    """The scene's title and narration for the room, in a band above the page."""

    def __init__(self, parent: QtWidgets.QMainWindow) -> None:
        super().__init__("Talk", parent)
        self.setMovable(False)
        self.setFloatable(False)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.setObjectName("narrationBand")
        box = QtWidgets.QWidget(self)
        row = QtWidgets.QHBoxLayout(box)
        row.setContentsMargins(8, 2, 8, 2)
        self.text = _label(box, "Narration")
        self.text.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Preferred)
        row.addWidget(self.text, 1)
        self.addWidget(box)

    def show_problem(self, message: str) -> None:
        self.text.setText(self.text.text() + f"<br><b>⚠ {html.escape(message)}</b>")
        self._fit_text()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_text()

    def _fit_text(self) -> None:
        """The label as tall as its text at the width it really has: a wrapped label asks for the height
        of a narrow default width (three times too much), and every pixel of it is the views'."""
        self.text.setFixedHeight(text_height(self.text, max(200, self.width() - 24)))

    def show_scene(self, position: str, title: str, narration: str) -> None:
        # the title leads the narration's first line: at 1280 x 720 every line the band takes is the views'
        self.text.setText(f"<b style='font-size:large'>{html.escape(title)}</b>&nbsp; {html.escape(narration)}"
                          f" <span style='color:gray'>&nbsp;({html.escape(position)})</span>")
        self._fit_text()


def tour_card(position: str, title: str, narration: str, try_this: str, problem: str = "") -> str:
    """The guided tour's card at the top of the side panel: it takes no height from the views (a band
    above them pushed a 1280 x 720 window past its screen). Its links move the tour, as the keys do."""
    parts = [f"<div style='background:{themes.color('note').name()}; padding:6px'>",
             f"<p style='margin:0'><b>Tour · {html.escape(position)}</b></p>",
             f"<h2 style='margin:4px 0'>{html.escape(title)}</h2><p>{html.escape(narration)}</p>"]
    if try_this:
        parts.append(f"<p><b>What to try:</b> {html.escape(try_this)}</p>")
    if problem:
        parts.append(f"<p><b>⚠ {html.escape(problem)}</b></p>")
    parts.append("<p><a href='tour:previous'>◀ Previous</a> (Page Up) &nbsp; <a href='tour:next'>Next ▶</a> "
                 "(Page Down) &nbsp; <a href='tour:leave'>Leave the tour</a> (Esc)</p></div>")
    return "".join(parts)


class QtBlankScreen(QtWidgets.QWidget):
    """A black screen over the whole window: the room looks at the speaker (B, or . on a clicker)."""

    def __init__(self, parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self.setAccessibleName("Blank screen")
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def toggle(self) -> bool:
        self.setVisible(not self.isVisible())
        if self.isVisible():
            self.setGeometry(self.parentWidget().rect())
            self.raise_()
        return self.isVisible()

    def paintEvent(self, event) -> None:
        QtGui.QPainter(self).fillRect(self.rect(), QtGui.QColor("black"))


class QtNotesOverlay(QtWidgets.QFrame):
    """The speaker notes over the lower right of the window, for the presenter only when asked (N):
    with one screen there is nowhere else to put them."""

    def __init__(self, parent: QtWidgets.QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("notesOverlay")
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet("#notesOverlay { background: rgba(255, 255, 224, 240); border: 2px solid #444; "
                           "border-radius: 6px; } QLabel { color: #111; }")
        layout = QtWidgets.QVBoxLayout(self)
        self.text = _label(self, "Speaker notes")
        layout.addWidget(self.text)
        self.hide()

    def show_notes(self, position: str, notes: str, next_title: str, elapsed: str) -> None:
        coming = f"Next: {html.escape(next_title)}" if next_title else "This is the last scene."
        self.text.setText(f"<b>{html.escape(position)}</b> · {elapsed}<br>{html.escape(notes) or '(no notes)'}"
                          f"<br><i>{coming}</i>")
        self.text.setFont(scaled_font(self))
        self.place()

    def place(self) -> None:
        """Lower right, as wide as a third of the window; as tall as the notes need (the label's height
        at this width: a wrapped label's own guess is for a narrower one and cut the last lines)."""
        parent = self.parentWidget().rect()
        width = max(360, parent.width() // 3)
        margins = self.layout().contentsMargins()
        needed = text_height(self.text, width - margins.left() - margins.right() - 4)
        height = min(parent.height() - 32, needed + margins.top() + margins.bottom() + 4)
        self.setFixedSize(width, height)
        self.move(parent.right() - width - 16, parent.bottom() - height - 16)
        self.raise_()
