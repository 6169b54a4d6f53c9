"""Which floors (layers) a view draws when not all of them fit: a band of neighbouring layers.

GPT-2 small has 12 layers. A bar chart per layer in a 1280 x 720 window leaves each floor
about 20 pixels, too little for a bar, its number and its label, so the neurons view draws
as many neighbouring floors as its height holds and pages through the others (Shift+↑ ↓).
The band keeps its place (its lowest layer) while the room changes, and says in words which
layers are shown. Plain Python, like followed_position.py: the view asks, the band answers.
"""
from __future__ import annotations


class FloorBand:
    def __init__(self) -> None:
        self.start, self.count, self.total = 0, 0, 0

    @property
    def layers(self) -> range:
        return range(self.start, self.start + self.count)

    @property
    def paged(self) -> bool:
        """Whether some floors are left out for lack of room."""
        return self.count < self.total

    def fit(self, total: int, room: int) -> bool:
        """`room` floors fit now, of a model with `total` layers; True if the band changed."""
        count = max(1, min(total, room))
        start = min(self.start, total - count) if total == self.total else 0  # another model starts at layer 1
        changed = (start, count, total) != (self.start, self.count, self.total)
        self.start, self.count, self.total = start, count, total
        return changed

    def page(self, steps: int) -> bool:
        """Move by `steps` bands (positive: higher layers); True if it moved."""
        start = min(max(self.start + steps * self.count, 0), self.total - self.count)
        moved, self.start = start != self.start, start
        return moved

    def note(self) -> str:
        """For a title: which layers are shown, when not all of them are."""
        if not self.paged:
            return ""
        first, last = self.start + 1, self.start + self.count
        shown = f"layer {first}" if first == last else f"layers {first}–{last}"
        return f" · {shown} of {self.total} (Shift+↑↓)"  # short: a title of two lines leaves the floors less room
