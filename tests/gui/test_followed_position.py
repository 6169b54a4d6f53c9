"""The shared selection rule: follow the newest token until a person picks another."""
from gui.explore.followed_position import FollowedPosition


def test_follows_the_newest_token_until_another_is_picked():
    sel = FollowedPosition()
    assert sel.pick(9, 5) and sel.value == 4 and sel.follow_last  # clamped to the last token
    assert sel.after_change(6) == 5  # a step moves it along
    assert not sel.pick(4, 5)  # the same choice is no change
    assert sel.pick(2, 6) and not sel.follow_last
    assert sel.after_change(7) == 2  # a pick elsewhere stays put
    assert sel.after_change(2) == 1  # until the window no longer reaches it
