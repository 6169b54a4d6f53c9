"""The whole app in a subprocess, as `python -m gui` starts it, quit by its own timer."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from explainer import save_checkpoint
from explainer.checkpoint import MODELS

ROOT = Path(__file__).resolve().parents[2]


def start_app(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EXPLAINER_QUIT_AFTER_MS="300")
    return subprocess.run([sys.executable, "-m", "gui", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=90)


def test_the_app_starts_on_the_bundled_model_and_quits():
    done = start_app()
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    # with the bundled model the window loads it; without one it opens anyway and says why
    expected = "model loaded" if (MODELS / "base" / "model.json").exists() else "no model"
    assert expected in done.stdout


@pytest.mark.slow
def test_the_app_opens_a_model_folder(tmp_path, nano_model, small_tokenizer):
    save_checkpoint(tmp_path / "nano", nano_model, small_tokenizer, step=12)
    done = start_app("app", "--model", str(tmp_path / "nano"))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert "model loaded" in done.stdout


@pytest.mark.slow
def test_a_bad_model_path_opens_the_window_with_a_message():
    done = start_app("app", "--model", "does/not/exist")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "no model" in done.stdout
