"""The token position a view shows: it keeps to the newest token until a person picks another.

Shared by the one-head view, its lines and the neurons view, so all three follow one rule:
a pick is clamped to the window; picking the last token (or never picking) means "follow
the newest token", so each step moves the selection along; a pick elsewhere stays put
until the window no longer reaches it, and a new prompt forgets it (`reset`): a position
in the old text means nothing in the new one.
"""
from __future__ import annotations


class FollowedPosition:
    def __init__(self) -> None:
        self.value = -1  # nothing chosen yet
        self.follow_last = True

    def pick(self, position: int, n: int) -> bool:
        """Choose a position in a window of `n` tokens; True if the choice changed."""
        position = min(max(int(position), 0), n - 1)
        self.follow_last = position == n - 1
        if position == self.value:
            return False
        self.value = position
        return True

    def reset(self) -> None:
        """Forget the pick: follow the newest token again."""
        self.value, self.follow_last = -1, True

    def note(self, n: int) -> str:
        """Words for a title when the pick is not the newest token, so nobody mistakes it for it."""
        if self.follow_last or not 0 <= self.value < n - 1:
            return ""
        return f" · not the newest token ({n})"

    def after_change(self, n: int) -> int:
        """Where the choice goes once the window holds `n` tokens."""
        return n - 1 if self.follow_last or self.value >= n else self.value
