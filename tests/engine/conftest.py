"""Engine fixtures (no Qt): world text for training tests."""
import pytest

from tests.conftest import SAMPLE_TEXT


@pytest.fixture(scope="session")
def world_texts() -> list[str]:
    """Training text from the tiny world (a small corpus, generated in well under a second)."""
    try:
        from explainer.world import generate_corpus
    except ImportError:  # pragma: no cover - while the world generator is being written
        return SAMPLE_TEXT * 4
    return generate_corpus(seed=0, target_bytes=300_000).texts("train")
