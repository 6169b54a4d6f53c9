"""What lets the attention grid hold a large model: thumbnails pooled to their pixels, floor names that shrink.

GPT-2 small has 12 layers x 12 heads: in a 1280 x 720 window each thumbnail is about 20 pixels
for 128 tokens or more, and twelve floor names a line high each would push the lowest floors
out of sight. Used by `QtAttentionGrid` (gui/explore/qt_attention_grid.py).
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import torch
from PySide6.QtCore import Qt


def peak_pool(patterns: np.ndarray, factor: int) -> np.ndarray:
    """(..., n, n) shrunk `factor` times along both token axes, each cell the largest of the cells it covers."""
    if factor <= 1:
        return patterns
    n = patterns.shape[-1]
    flat = torch.from_numpy(patterns).reshape(-1, 1, n, n)
    pooled = torch.nn.functional.max_pool2d(flat, factor, ceil_mode=True)  # (-1, 1, m, m), edges: what is there
    return pooled.reshape(patterns.shape[:-2] + pooled.shape[-2:]).numpy()


class FloorName(pg.LabelItem):
    """A floor's name that lets its row be shorter than its text: twelve floors in a 720-pixel window
    would otherwise push the lowest ones out of sight."""

    def updateMin(self) -> None:
        super().updateMin()
        self.setMinimumHeight(0)
        self._sizeHint[Qt.SizeHint.MinimumSize] = (self._sizeHint[Qt.SizeHint.MinimumSize][0], 0)
