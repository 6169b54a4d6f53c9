"""QtPresenterView: the presenter's own screen while the room sees the talk on the other.

As slide software's speaker view: the current scene's title and what the next key will do, the
next scene's title, the speaker notes in large type, the time since the talk started, and a
small copy of the audience screen (taken from the window, so it is exactly what the room sees).
Keys pressed here drive the talk as they would on the audience window.
"""
from __future__ import annotations

import html

from PySide6 import QtCore, QtGui, QtWidgets

from .qt_talk_overlays import elapsed_text

COPY_EVERY_MS = 1000  # the audience copy refreshes this often, and after every move


class QtPresenterView(QtWidgets.QWidget):
    def __init__(self, player, audience: QtWidgets.QWidget, on_key) -> None:
        super().__init__(None, QtCore.Qt.WindowType.Window)
        self.player, self.audience, self.on_key = player, audience, on_key
        self.setWindowTitle("explainer: presenter view")
        self.setAccessibleName("Presenter view")
        self.setStyleSheet("QWidget { background: #1e1e1e; color: #f0f0f0; } #notes { font-size: 20pt; }"
                           " #clock { font-size: 28pt; color: #ffd866; } #next { color: #bbbbbb; }")
        self.title = self._label("title", "Current scene")
        self.coming = self._label("next", "Next scene")
        self.clock = self._label("clock", "Time since the talk began")
        self.notes = self._label("notes", "Speaker notes")
        self.notes.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop | QtCore.Qt.AlignmentFlag.AlignLeft)
        self.copy = QtWidgets.QLabel(self)
        self.copy.setAccessibleName("What the room sees")
        self.copy.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.copy.setMinimumSize(320, 180)
        left = QtWidgets.QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(self.notes, 1)
        right = QtWidgets.QVBoxLayout()
        right.addWidget(self.clock, 0, QtCore.Qt.AlignmentFlag.AlignRight)
        right.addWidget(self.copy, 1)
        right.addWidget(self.coming)
        layout = QtWidgets.QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self.timer = QtCore.QTimer(self)
        self.timer.setInterval(COPY_EVERY_MS)
        self.timer.timeout.connect(self.refresh_copy)
        self.timer.start()
        player.changed.connect(self.show_scene)
        self.show_scene()

    def _label(self, name: str, accessible: str) -> QtWidgets.QLabel:
        label = QtWidgets.QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(QtCore.Qt.TextFormat.RichText)
        label.setAccessibleName(accessible)
        return label

    def show_scene(self) -> None:
        p = self.player
        scene, coming = p.scene, p.next_scene
        if scene is None:
            return
        todo = ""
        if p.built < len(scene.builds):
            todo = f"<br><span style='color:#8fd'>next key: {html.escape(scene.builds[p.built])}</span>"
        self.title.setText(f"<span style='font-size:22pt'><b>{html.escape(scene.title)}</b></span><br>"
                           f"{html.escape(p.position_text())}{todo}")
        self.notes.setText(html.escape(scene.notes or "(no notes)").replace("\n", "<br>"))
        self.coming.setText(f"Next: <b>{html.escape(coming.title)}</b>" if coming else "Last scene")
        self.refresh_copy()

    def refresh_copy(self) -> None:
        self.clock.setText(elapsed_text(self.player.elapsed()))
        if not self.isVisible() or not self.audience.isVisible():
            return
        shot = self.audience.grab()
        self.copy.setPixmap(shot.scaled(self.copy.size(), QtCore.Qt.AspectRatioMode.KeepAspectRatio,
                                        QtCore.Qt.TransformationMode.SmoothTransformation))

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        if not self.on_key(int(event.key()), int(event.modifiers().value)):
            super().keyPressEvent(event)
