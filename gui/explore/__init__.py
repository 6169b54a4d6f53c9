"""The Explore page: one prompt continued token by token, every view following it.

The views themselves (`gui/explore/qt_next_token.py`, `gui/explore/qt_attention_grid.py`, ...) still sit at the
top of `gui/`, where they were written before the window had pages; this folder holds the page
that arranges them.
"""
