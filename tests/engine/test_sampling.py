"""Sampler: filters cut what they should, the same seed gives the same text, long prompts slide."""
import pytest
import torch

from explainer import Sampler, SamplerSettings, generate

LOGITS = torch.tensor([4.0, 3.0, 2.0, 1.0, 0.0, -1.0])


def test_every_stage_is_a_distribution():
    step = Sampler(SamplerSettings(temperature=0.7, top_k=4, top_p=0.9), seed=0).step(LOGITS)
    for probs in (step.model_probs, step.temperature_probs, step.top_k_probs, step.final_probs):
        assert probs.sum().item() == pytest.approx(1.0, abs=1e-6)
    assert step.kept[step.token]


def test_temperature_sharpens_and_flattens():
    cold = Sampler(SamplerSettings(temperature=0.5)).step(LOGITS).temperature_probs
    hot = Sampler(SamplerSettings(temperature=2.0)).step(LOGITS).temperature_probs
    base = torch.softmax(LOGITS, -1)
    assert cold[0] > base[0] > hot[0]


def test_top_k_keeps_exactly_k():
    step = Sampler(SamplerSettings(top_k=2)).step(LOGITS)
    assert step.kept.tolist() == [True, True, False, False, False, False]
    assert step.top_k_probs[2:].sum() == 0


def test_top_p_keeps_the_smallest_nucleus():
    probs = torch.softmax(LOGITS, -1)
    p = float(probs[0] + probs[1]) - 1e-4  # the top two are needed to reach p
    step = Sampler(SamplerSettings(top_p=p)).step(LOGITS)
    assert step.kept.tolist() == [True, True, False, False, False, False]
    tiny = Sampler(SamplerSettings(top_p=0.01)).step(LOGITS)
    assert tiny.kept.sum() == 1 and tiny.token == 0  # the top token always survives


def test_greedy_takes_the_most_likely():
    logits = torch.tensor([0.0, 5.0, 1.0])
    assert Sampler(SamplerSettings(greedy=True), seed=3).step(logits).token == 1


def test_force_records_a_chosen_token():
    step = Sampler().step(LOGITS, force=5)
    assert step.token == 5 and step.probability == pytest.approx(float(torch.softmax(LOGITS, -1)[5]))


def test_invalid_settings_are_refused():
    for bad in (dict(temperature=0), dict(top_k=-1), dict(top_p=0), dict(top_p=1.5)):
        with pytest.raises(ValueError):
            SamplerSettings(**bad)


def test_same_seed_same_sample_different_seed_differs(nano_model):
    def run(seed):
        steps = generate(nano_model, [1, 2, 3], 40, Sampler(SamplerSettings(temperature=1.5), seed=seed))
        return [s.token for s in steps]
    assert run(7) == run(7)
    assert run(7) != run(8)


def test_generation_with_cache_matches_without(nano_model):
    """Greedy decoding through the KV cache equals re-running the whole sequence each step."""
    steps = [s.token for s in generate(nano_model, [5, 6, 7], 20, Sampler(SamplerSettings(greedy=True)))]
    seq = [5, 6, 7]
    with torch.no_grad():
        for _ in range(20):
            seq.append(int(nano_model(torch.tensor([seq]))[0][0, -1].argmax()))
    assert steps == seq[3:]


def test_prompt_longer_than_the_window_slides(nano_model):
    block = nano_model.config.block_size
    prompt = list(range(1, 200)) * 2  # far longer than the window
    out = [s.token for s in generate(nano_model, prompt, block + 10, Sampler(seed=1))]
    assert len(out) == block + 10
    # sliding is the same as feeding only the last window
    greedy = Sampler(SamplerSettings(greedy=True))
    a = next(generate(nano_model, prompt, 1, greedy)).token
    b = next(generate(nano_model, prompt[-block:], 1, greedy)).token
    assert a == b


def _recomputed_logits(model, tokens, window):
    with torch.no_grad():
        return model(torch.tensor([tokens[-window:]]))[0][0, -1]


@pytest.mark.parametrize("slide", [1, 4, 16])
def test_after_a_slide_each_token_reads_the_window_the_docs_promise(nano_model, slide):
    """Every step's logits equal a fresh pass over the tokens the model is said to read: the last
    block - slide + 1 tokens right after a slide, one more per token until the window is full."""
    block = nano_model.config.block_size
    prompt = [(7 * i) % 300 + 3 for i in range(block)]
    tokens = list(prompt)
    window = block
    for n, step in enumerate(generate(nano_model, prompt, 3 * slide + 2, Sampler(seed=2), slide=slide)):
        torch.testing.assert_close(torch.log(step.model_probs), torch.log_softmax(
            _recomputed_logits(nano_model, tokens, window), -1), atol=1e-4, rtol=0)
        tokens.append(step.token)
        window = block - slide + 1 if window == block else window + 1


def test_top_k_at_low_temperature_cuts_exactly_the_tokens_ranked_below_k():
    logits = torch.linspace(40.0, -40.0, 50)[torch.randperm(50, generator=torch.Generator().manual_seed(0))]
    for temperature in (0.1, 1.0, 3.0):
        step = Sampler(SamplerSettings(temperature=temperature, top_k=5)).step(logits)
        assert step.kept.sum() == 5
        assert set(step.kept.nonzero().flatten().tolist()) == set(torch.topk(logits, 5).indices.tolist())


def test_ranking_uses_the_logits_when_probabilities_round_to_zero():
    from explainer.sampling import rank_tokens
    logits = torch.tensor([0.0, 30.0, -5.0, 29.0, -30.0])
    probs = torch.softmax(logits / 0.1, -1)
    assert (probs == 0).sum() >= 2  # float32 cannot tell these apart any more
    assert rank_tokens(logits).tolist() == [1, 3, 0, 2, 4]


def test_ties_at_the_top_k_boundary_keep_exactly_k_lower_ids_first():
    logits = torch.tensor([1.0, 2.0, 2.0, 2.0, 0.0])
    step = Sampler(SamplerSettings(top_k=2)).step(logits)
    assert step.kept.tolist() == [False, True, True, False, False]


def test_generation_stops_at_the_stop_token(nano_model):
    steps = list(generate(nano_model, [1], 50, Sampler(SamplerSettings(greedy=True))))
    first = steps[0].token
    stopped = list(generate(nano_model, [1], 50, Sampler(SamplerSettings(greedy=True)), stop_tokens=[first]))
    assert len(stopped) == 1


def test_empty_prompt_is_refused(nano_model):
    with pytest.raises(ValueError, match="at least one token"):
        next(generate(nano_model, [], 5, Sampler()))
