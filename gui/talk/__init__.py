"""Talks and scenes in the window: the state saved and reopened (scene_state.py), a talk played
scene by scene with a clicker (talk_player.py), presenter mode and the presenter's own view, and
what leaves the app: figures and the briefing report with their provenance."""
