"""The compute meter: FLOPs from the model's shape and tokens seen, beside published landmarks."""
import pytest

from explainer import GPT, preset
from explainer.compute import LANDMARKS, compare, flops_per_token, parameters, training_flops


@pytest.mark.parametrize("name", ["nano", "live", "base"])
def test_parameters_from_the_shape_match_the_model(name):
    config = preset(name, 2048)
    assert parameters(config) == GPT(config).num_params()


def test_flops_are_six_per_parameter_per_token_plus_attention():
    config = preset("base", 2048)
    n = parameters(config)
    assert training_flops(config, 1000) == pytest.approx(1000 * (6 * n + 12 * 4 * 192 * 128))
    assert flops_per_token(config, n) > 6 * n


def test_landmarks_are_in_order_and_each_says_where_its_number_comes_from():
    assert [m.flops for m in LANDMARKS] == sorted(m.flops for m in LANDMARKS)
    assert all(m.source for m in LANDMARKS)
    gpt3 = next(ratio for m, ratio in compare(3.14e20) if m.name.startswith("GPT-3"))
    assert gpt3 == pytest.approx(1000)
