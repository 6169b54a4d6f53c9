"""The entropy bound counts the generator's real choices without changing them."""
import math
import random

from explainer.world import generate_corpus  # noqa: F401  (the world must import)
from explainer.world.corpus import make_story
from explainer.world.entropy import CountingRandom, entropy_bound


def test_counting_random_draws_the_same_stream():
    assert make_story(CountingRandom(5)).text == make_story(random.Random(5)).text


def test_counts_are_the_information_of_each_call():
    rng = CountingRandom(0)
    rng.choice("abcd")
    assert math.isclose(rng.nats, math.log(4))
    rng.sample(range(5), 2)
    assert math.isclose(rng.nats, math.log(4) + math.log(20))


def test_bound_is_a_small_positive_rate(small_tokenizer):
    bound = entropy_bound(small_tokenizer, documents=60)
    assert 0.01 < bound < 2.0
