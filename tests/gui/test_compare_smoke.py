"""`python -m gui.compare` in a subprocess on the bundled models, quit by its own timer once the first
answers are on screen. Skipped only where the bundled base model is absent."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.checkpoint import MODELS

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not (MODELS / "base" / "model.json").exists(), reason="the bundled base model is absent")
def test_the_compare_page_opens_alone_on_the_bundled_models_and_quits():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", EXPLAINER_QUIT_AFTER_MS="200")
    done = subprocess.run([sys.executable, "-m", "gui.compare"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    aligned = sum((MODELS / name / "model.json").exists() for name in ("sft", "rlhf", "dpo"))
    assert f"compared {1 + aligned} models" in done.stdout
