"""Shared test set-up. Qt must be told to draw offscreen before any QApplication exists,
or pytest aborts without a visible reason on a machine with no display."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
