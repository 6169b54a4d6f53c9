"""The Exploration's trace grows with each Step and shrinks with Back, and equals a full pass every time;
the window of a model with a long context is capped and moves on in jumps; the lens covers the last positions."""
from dataclasses import replace

import pytest
import torch

from explainer import GPT, preset
from explainer.explore import SLIDE_TOKENS, VIEW_TOKENS, Exploration
from explainer.explore_readings import LENS_CELLS
from explainer.tracing import trace

from .real_models import make_folder


def assert_same_as_a_full_pass(ex: Exploration) -> None:
    """Computed independently: `tracing.trace` over the same window, every hook point."""
    full = trace(ex.model, ex.window, parts=("pattern", "mlp", "resid"))
    grown = ex.trace()
    assert grown.tokens == ex.window
    torch.testing.assert_close(grown.logits[-1], full.logits[-1], atol=1e-4, rtol=1e-4)
    for name in full.cache.store:
        torch.testing.assert_close(grown.cache[name], full.cache[name], atol=1e-4, rtol=1e-4)


def test_steps_grow_the_trace_and_back_cuts_it(nano_model, small_tokenizer):
    ex = Exploration(nano_model, small_tokenizer, prompt="Tom likes")
    ex.trace()
    for _ in range(5):
        ex.step()
        assert_same_as_a_full_pass(ex)
    assert ex._tracer.full_passes == 1 and ex._tracer.grown == 5
    ex.back(), ex.back()
    assert_same_as_a_full_pass(ex)
    ex.step()
    assert_same_as_a_full_pass(ex)
    assert ex._tracer.full_passes == 1


def test_weights_changed_in_place_trace_again(nano_model, small_tokenizer):
    """The shelf copies each snapshot into the same network: the trace must notice."""
    ex = Exploration(nano_model, small_tokenizer, prompt="Tom likes")
    ex.trace()
    with torch.no_grad():
        nano_model.blocks[0].mlp.c_fc.weight.mul_(1.5)
    ex.step()
    assert_same_as_a_full_pass(ex)  # traced again with the new weights, not grown from the old ones
    assert ex._tracer.full_passes == 2


@pytest.mark.parametrize("arch", ["gpt_neox", "gpt_neo"])
def test_rotary_and_local_attention_grow_exactly(tmp_path, arch):
    from explainer import load_model
    make_folder(tmp_path, arch)
    lm = load_model(tmp_path)
    ex = Exploration(lm.model, lm.tokenizer, prompt="Once upon a time, a cat named Tom")
    ex.trace()
    for _ in range(12):  # past GPT-Neo's local window of 8
        ex.step()
    assert_same_as_a_full_pass(ex)
    assert ex._tracer.grown == 12 and ex._tracer.full_passes == 1


def test_a_long_context_is_capped_and_slides_in_jumps(small_tokenizer):
    torch.manual_seed(0)
    model = GPT(replace(preset("nano", small_tokenizer.vocab_size), block_size=VIEW_TOKENS * 2)).eval()
    ex = Exploration(model, small_tokenizer, prompt="Tom likes fish. " * 200)
    assert ex.capped and ex.context == VIEW_TOKENS
    n = len(ex.window)
    assert VIEW_TOKENS - SLIDE_TOKENS < n <= VIEW_TOKENS and ex.window == ex.tokens[-n:]
    assert "views read only its last" in ex.notice
    ex.trace()
    steps = VIEW_TOKENS - n  # the window grows to the cap, then jumps
    for _ in range(steps):
        ex.step()
    assert len(ex.window) == VIEW_TOKENS and ex._tracer.full_passes == 1
    ex.step()
    assert len(ex.window) == VIEW_TOKENS - SLIDE_TOKENS + 1
    assert_same_as_a_full_pass(ex)


def test_the_lens_covers_the_last_positions_of_a_large_model(nano_model, small_tokenizer):
    ex = Exploration(nano_model, small_tokenizer, prompt="Tom likes fish. " * 8)
    assert ex.lens_positions() == range(len(ex.window))  # a small model: every position
    big = replace(nano_model.config, vocab_size=LENS_CELLS // 20)  # 2 layers: the last 10 positions
    ex.model.config = big
    try:
        assert ex.lens_positions() == range(len(ex.window) - 10, len(ex.window))
    finally:
        ex.model.config = replace(big, vocab_size=small_tokenizer.vocab_size)
    ids, probs = ex.lens(top=2)
    full = trace(ex.model, ex.window, parts=("logit_lens",)).logit_lens
    expected_p, expected_i = torch.topk(full, 2, dim=-1)
    torch.testing.assert_close(probs, expected_p, atol=1e-6, rtol=0)
    assert torch.equal(ids, expected_i)
    ex.step()
    _, probs = ex.lens(top=2)  # the new position only is computed; the others were kept
    full = trace(ex.model, ex.window, parts=("logit_lens",)).logit_lens
    torch.testing.assert_close(probs, torch.topk(full, 2, dim=-1).values, atol=1e-4, rtol=1e-4)


def test_neuron_pushes_at_once_equal_one_by_one(nano_model, small_tokenizer):
    ex = Exploration(nano_model, small_tokenizer, prompt="Tom likes")
    pairs = [(0, 3), (1, 7), (1, 100)]
    together = ex.neuron_pushes(pairs, top=3)
    for layer, neuron in pairs:
        w = nano_model.blocks[layer].mlp.c_proj.weight[:, neuron]
        scores = nano_model.lm_head.weight @ ((w - w.mean()) * nano_model.ln_f.weight)
        assert [t for t, _, _ in together[layer, neuron]] == torch.topk(scores, 3).indices.tolist()


def test_top_tokens_rank_as_the_full_sort_does_ties_included():
    from explainer.sampling import rank_tokens, top_tokens
    logits = torch.tensor([1.0, 3.0, 3.0, 0.5, 3.0, 2.0, 2.0, -1.0])
    for k in range(1, 9):
        assert top_tokens(logits, k).tolist() == rank_tokens(logits)[:k].tolist()
    big = torch.randn(50_257).round(decimals=1)  # many ties
    assert top_tokens(big, 10).tolist() == rank_tokens(big)[:10].tolist()
