"""Colours shared by the views: one sequential map for weights and probabilities, the look of
the causal mask, and a categorical palette for tokens.

Every choice here is colour-blind safe. Weights and probabilities use viridis (van der Walt
and Smith, 2015): perceptually uniform, readable in greyscale and under the common colour
vision deficiencies, dark for 0 and bright for 1. Tokens use Paul Tol's "light" scheme,
made for pale backgrounds behind black text. The numbers of a vector, which may be below or
above 0, use a diverging map made for colour-blind readers (Kovesi's CET-CBD1: blue, pale,
yellow). Nothing is shown by colour alone: the views print the numbers these colours stand for.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPolygonF

# The future half of an attention pattern. A light grey with a darker hatch so that it
# reads as "nothing here", clearly apart from a weight of 0 (viridis' darkest purple).
MASKED_COLOR = QColor("#e4e4e4")
MASKED_HATCH_COLOR = QColor("#a8a8a8")

# Selections and attention lines: Okabe-Ito vermillion and blue, far from every viridis colour
# for all common colour vision types.
ACCENT_COLOR = QColor("#d55e00")
LINE_COLOR = QColor("#0072b2")

# Paul Tol's "light" qualitative scheme: distinct pale colours that keep black text readable.
TOKEN_PALETTE = tuple(QColor(c) for c in (
    "#77aadd", "#ee8866", "#eedd88", "#ffaabb", "#99ddff", "#44bb99", "#bbcc33", "#aaaa00", "#dddddd",
))


@lru_cache(maxsize=1)
def weight_colormap() -> pg.ColorMap:
    """The map for attention weights and probabilities (0 dark purple, 1 yellow)."""
    return pg.colormap.get("viridis")


@lru_cache(maxsize=1)
def vector_colormap() -> pg.ColorMap:
    """The map for the numbers of a vector: blue below 0, pale at 0, yellow above."""
    return pg.colormap.get("CET-CBD1")


def probability_color(p: float) -> QColor:
    """Background colour of a cell that shows probability (or weight) `p` in [0, 1]."""
    rgba, _ = probability_colors(np.array([p]))
    return QColor(*(int(c) for c in rgba[0]))


def probability_colors(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For a whole table at once: RGBA bytes (..., 4) of each probability's colour, and whether
    black text reads better on it than white. One vectorised call instead of one per cell."""
    rgba = weight_colormap().map(np.clip(np.asarray(p, dtype=np.float64), 0.0, 1.0), mode="byte")
    return rgba, _prefers_black(rgba[..., :3] / 255.0)


def _prefers_black(rgb: np.ndarray) -> np.ndarray:
    linear = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)  # sRGB to light (WCAG)
    lum = linear @ np.array([0.2126, 0.7152, 0.0722])
    return (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05)  # the contrast ratio with black beats white's


def text_color_for(background: QColor) -> QColor:
    """Black or white, whichever contrasts more with `background` (the WCAG contrast ratio)."""
    black = _prefers_black(np.array([background.redF(), background.greenF(), background.blueF()]))
    return QColor(Qt.GlobalColor.black if black else Qt.GlobalColor.white)


def token_color(i: int) -> QColor:
    """Colour of the i-th token (chips, highlights); the palette repeats after nine tokens."""
    return QColor(TOKEN_PALETTE[i % len(TOKEN_PALETTE)])


def paint_masked(painter: QPainter, polygon: QPolygonF) -> None:
    """Fill `polygon` with the masked look: flat grey, then a hatch. Qt draws pattern brushes
    in screen pixels whatever the zoom, so the hatch stays fine on a small thumbnail."""
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(MASKED_COLOR)
    painter.drawPolygon(polygon)
    painter.setBrush(QBrush(MASKED_HATCH_COLOR, Qt.BrushStyle.BDiagPattern))
    painter.drawPolygon(polygon)
    painter.restore()
