"""Shared test set-up. Qt must be told to draw offscreen before any QApplication exists,
or pytest aborts without a visible reason on a machine with no display."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pytest  # noqa: E402
import torch  # noqa: E402

from explainer import GPT, Tokenizer, preset  # noqa: E402

SAMPLE_TEXT = [
    "Once upon a time, a cat named Tom lived in a red house. Tom liked fish.",
    "User: What does Tom like?\nAssistant: Tom likes fish.",
    "One day, Mia went to the park with her dog Max. They played with a blue ball.",
] * 50


@pytest.fixture(scope="session")
def small_tokenizer() -> Tokenizer:
    """A 400-token BPE trained in milliseconds; real world words are mostly single tokens."""
    return Tokenizer.train(SAMPLE_TEXT, vocab_size=400)


@pytest.fixture
def nano_model(small_tokenizer) -> GPT:
    """2 layers, 2 heads, width 32, random weights (seeded)."""
    torch.manual_seed(0)
    return GPT(preset("nano", small_tokenizer.vocab_size)).eval()


@pytest.fixture(autouse=True)
def _own_settings_file(tmp_path, monkeypatch):
    """Each test remembers its own theme, zoom and talk position (gui/common/settings.py), never the user's."""
    monkeypatch.setenv("EXPLAINER_SETTINGS", str(tmp_path / "settings.json"))
