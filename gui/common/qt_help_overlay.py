"""QtHelpOverlay: a card over the window listing every key, section by section (F1 or ?).

The rows come from the action registry (`ActionRegistry.help_sections`), so the help can
never list a key that does nothing or miss one that does. The sections are laid out in
columns so that the whole list fits a 1280 × 720 screen at the normal text size, and the
card follows the zoom and the theme. Any key or click closes it; while it is open, keys only close it.
"""
from __future__ import annotations

import html

from PySide6 import QtCore, QtGui, QtWidgets

from . import themes

COLUMNS = 3


def _columns(sections: list[tuple[str, list[tuple[str, str]]]], n: int) -> list[list]:
    """Sections in reading order over `n` columns of about equal length."""
    total = sum(len(rows) + 2 for _, rows in sections)  # a heading counts as two rows
    columns, current, height = [], [], 0
    for section in sections:
        if current and height + len(section[1]) / 2 > total / n and len(columns) < n - 1:
            columns.append(current)
            current, height = [], 0
        current.append(section)
        height += len(section[1]) + 2
    return columns + [current]


class QtHelpOverlay(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget, sections=()) -> None:
        super().__init__(parent)
        self.setAccessibleName("Keyboard shortcuts")
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)
        self.card = QtWidgets.QLabel(self)
        self.card.setObjectName("helpCard")
        self.card.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.card.setWordWrap(True)
        self.card.setMargin(14)  # its white card is painted by the overlay: a style sheet would stop the zoom
        self.set_sections(list(sections))
        parent.installEventFilter(self)
        self.hide()

    def set_sections(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        """[(section title, [(keys, what they do)])]: the rows of the card."""
        self.sections = sections
        cells = []
        for column in _columns(sections, COLUMNS) if sections else []:
            blocks = []
            for title, rows in column:
                lines = "".join(f"<tr><td align='right' style='padding:2px 8px 2px 0'><b>{html.escape(keys)}"
                                f"</b></td><td style='padding:2px 0'>{html.escape(what)}</td></tr>"
                                for keys, what in rows)
                blocks.append(f"<h3 style='margin:8px 0 2px 0'>{html.escape(title)}</h3><table>{lines}</table>")
            cells.append(f"<td valign='top' style='padding:0 12px'>{''.join(blocks)}</td>")
        self.card.setText("<h2 style='margin:0'>Keys</h2>"
                          "<p style='margin:2px 0'>They work in every view, whatever you clicked last. While you "
                          "type in the prompt box, only keys with Ctrl, the F keys and Esc do.</p>"
                          f"<table width='100%'><tr>{''.join(cells)}</tr></table>"
                          f"<p style='color:{themes.css('muted')}'>Press any key or click to close.</p>")
        self.setAccessibleDescription("; ".join(f"{k}: {w}" for _, rows in sections for k, w in rows))
        self._center_card()

    def text(self) -> str:
        return self.card.text()

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
        else:
            self.open()

    def open(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self._center_card()
        self.show()
        self.raise_()
        self.setFocus()

    def hide(self) -> None:
        had_focus = self.hasFocus()
        super().hide()
        if had_focus and self.parentWidget() is not None:
            self.parentWidget().setFocus()

    def _center_card(self) -> None:
        parent = self.parentWidget()
        width = max(300, min(parent.width() - 40, int(QtGui.QFontMetrics(self.card.font()).averageCharWidth() * 190)))
        self.card.setFixedWidth(width)
        self.card.setFixedHeight(self.card.heightForWidth(width))
        size = self.card.size()
        self.card.move(max(0, (self.width() - size.width()) // 2), max(0, (self.height() - size.height()) // 2))

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QtCore.QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
            self._center_card()
        return False

    def changeEvent(self, event: QtCore.QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QtCore.QEvent.Type.FontChange:
            self._center_card()

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        painter.fillRect(self.rect(), QtGui.QColor(0, 0, 0, 140))
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(QtCore.Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().color(QtGui.QPalette.ColorRole.Base))  # white in the light theme
        painter.drawRoundedRect(QtCore.QRectF(self.card.geometry()), 10, 10)
        painter.end()

    def event(self, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.ShortcutOverride:
            event.accept()  # while the help is open, a key closes it instead of stepping the model
            return True
        return super().event(event)

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        self.hide()

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:
        self.hide()
