"""GUI fixtures: an Exploration on the nano model, so views can be built in milliseconds."""
import pytest

from explainer.explore import Exploration


@pytest.fixture
def exploration(nano_model, small_tokenizer) -> Exploration:
    return Exploration(nano_model, small_tokenizer, prompt="Once upon a time, Tom")
