"""Engine fixtures: a nano model and a small tokenizer, built in seconds, no Qt."""
import pytest
import torch

from explainer import GPT, Tokenizer, preset

SAMPLE_TEXT = [
    "Once upon a time, a cat named Tom lived in a red house. Tom liked fish.",
    "User: What does Tom like?\nAssistant: Tom likes fish.",
    "One day, Mia went to the park with her dog Max. They played with a blue ball.",
] * 50


@pytest.fixture(scope="session")
def small_tokenizer() -> Tokenizer:
    return Tokenizer.train(SAMPLE_TEXT, vocab_size=400)


@pytest.fixture
def nano_model(small_tokenizer) -> GPT:
    torch.manual_seed(0)
    return GPT(preset("nano", small_tokenizer.vocab_size)).eval()


@pytest.fixture(scope="session")
def world_texts() -> list[str]:
    """Training text from the tiny world (a small corpus, generated in well under a second)."""
    try:
        from explainer.world import generate_corpus
    except ImportError:  # pragma: no cover - while the world generator is being written
        return SAMPLE_TEXT * 4
    return generate_corpus(seed=0, target_bytes=300_000).texts("train")
