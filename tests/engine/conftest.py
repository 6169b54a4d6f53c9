"""Engine fixtures (no Qt): world text for training tests."""
import pytest


@pytest.fixture(scope="session")
def world_texts() -> list[str]:
    """Training text from the tiny world (a small corpus, generated in well under a second)."""
    from explainer.world import generate_corpus
    return generate_corpus(seed=0, target_bytes=300_000).texts("train")
