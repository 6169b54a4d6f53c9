"""Every control a person can reach has a name a screen reader can say: the real window, every page
shown (pages are built on first show), every tab of every page opened, and each visible button, box,
dial, slider, list, tab bar and focusable view checked for an accessible name or words of its own."""
import pytest
from PySide6 import QtCore, QtWidgets

from gui.common.pages import PAGES

W = QtWidgets
INTERACTIVE = (W.QAbstractButton, W.QComboBox, W.QAbstractSpinBox, W.QAbstractSlider, W.QLineEdit,
               W.QPlainTextEdit, W.QTextEdit, W.QTabBar, W.QAbstractItemView)


def has_words(text: str) -> bool:
    """Words a screen reader can say: "Run ▶" has, "❚❚" or "■" has not."""
    return any(ch.isalpha() for ch in text.replace("&", ""))


def spoken_name(widget: QtWidgets.QWidget) -> str:
    """What a screen reader says for `widget`: its accessible name, else a button's own words, else ''."""
    if widget.accessibleName().strip():
        return widget.accessibleName()
    if isinstance(widget, W.QAbstractButton) and has_words(widget.text()):
        return widget.text()
    tabs = [widget.tabText(i) for i in range(widget.count())] if isinstance(widget, W.QTabBar) else []
    if tabs and all(has_words(tab) for tab in tabs):
        return " / ".join(tabs)
    return ""


def is_part_of_another(widget: QtWidgets.QWidget) -> bool:
    """A piece Qt builds inside a named control (a spin box's text field, a scroll area's bars)."""
    parent = widget.parentWidget()
    if isinstance(widget, W.QScrollBar) or widget.objectName() == "qt_tableview_cornerbutton":
        return True
    if isinstance(parent, W.QAbstractScrollArea) and widget is parent.viewport():
        return True
    if isinstance(widget, W.QHeaderView) and isinstance(parent, W.QTableView):
        return True  # the table's rows and columns are read with the table
    if isinstance(widget, W.QLineEdit) and isinstance(parent, (W.QAbstractSpinBox, W.QComboBox)):
        return True
    return isinstance(widget, W.QTabBar) and isinstance(parent, W.QTabWidget) and bool(spoken_name(parent))


def reachable(widget: QtWidgets.QWidget) -> bool:
    """A control, or any other widget the keyboard can reach (a plot that takes the focus)."""
    takes_tab = bool(widget.focusPolicy().value & QtCore.Qt.FocusPolicy.TabFocus.value)
    return widget.isVisible() and (isinstance(widget, INTERACTIVE) or takes_tab)  # disabled ones too: read aloud


def unnamed(root: QtWidgets.QWidget) -> list[str]:
    found = []
    for widget in root.findChildren(QtWidgets.QWidget):
        if reachable(widget) and not is_part_of_another(widget) and not spoken_name(widget):
            found.append(f"{type(widget).__name__} ({getattr(widget, 'text', lambda: '')()!r}) in {where(widget)}")
    return found


def where(widget: QtWidgets.QWidget) -> str:
    """The classes of the widgets around `widget`, up to the page: enough to find it in the code."""
    chain, parent = [], widget.parentWidget()
    while parent is not None and len(chain) < 4:
        chain.append(type(parent).__name__)
        parent = parent.parentWidget()
    return " < ".join(chain)


def every_tab(root: QtWidgets.QWidget):
    """Open each tab of each tab widget under `root` in turn (views are made or drawn when shown)."""
    yield
    for tabs in root.findChildren(QtWidgets.QTabWidget):
        for i in range(tabs.count()):
            if tabs.isVisible() and tabs.isTabEnabled(i):
                tabs.setCurrentIndex(i)
                yield


def test_the_checks_can_fail(qtbot):
    box = QtWidgets.QWidget()
    qtbot.addWidget(box)
    layout = QtWidgets.QVBoxLayout(box)
    for widget in (W.QPushButton("■"), W.QPushButton("Run ▶"), W.QSpinBox(), W.QComboBox()):
        layout.addWidget(widget)
    box.show()
    qtbot.waitExposed(box)
    assert len(unnamed(box)) == 3  # the stop sign, the spin box and the combo box say nothing
    for widget in box.findChildren(W.QAbstractSpinBox) + box.findChildren(W.QComboBox):
        widget.setAccessibleName("named")
    assert unnamed(box) == ["QPushButton ('■') in QWidget"]


@pytest.mark.parametrize("key", [p.key for p in PAGES])
def test_every_control_of_every_page_has_a_name(qtbot, window, key):
    window.show_page(key)
    page = window.page(key)
    qtbot.waitUntil(page.isVisible)
    missing = set()
    for _ in every_tab(page):
        missing.update(unnamed(page))
    missing.update(unnamed(window.menuBar().cornerWidget(QtCore.Qt.Corner.TopRightCorner)))
    assert not missing, "\n".join(sorted(missing))
