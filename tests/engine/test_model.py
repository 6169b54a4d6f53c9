"""Invariants of the GPT: causal attention, fused == explicit, KV cache == full pass, hooks change nothing."""
from dataclasses import replace

import pytest
import torch

from explainer import GPT, KVCache, preset, run_with_cache, trace


def tokens(n, vocab, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randint(0, vocab, (1, n), generator=g)


def test_attention_rows_sum_to_one_and_never_look_ahead(nano_model):
    ids = tokens(20, nano_model.config.vocab_size)
    t = trace(nano_model, ids[0].tolist(), parts=("pattern",))
    for layer in range(nano_model.config.n_layer):
        p = t.pattern(layer)  # (heads, q, k)
        assert p.shape == (nano_model.config.n_head, 20, 20)
        torch.testing.assert_close(p.sum(-1), torch.ones(p.shape[:-1]), atol=1e-5, rtol=0)
        above = torch.triu(torch.ones(20, 20, dtype=torch.bool), diagonal=1)
        assert (p[:, above] == 0).all()


def test_fused_and_explicit_attention_agree(small_tokenizer):
    torch.manual_seed(1)
    fused = GPT(replace(preset("nano", small_tokenizer.vocab_size), attn_impl="sdpa")).eval()
    explicit = GPT(replace(fused.config, attn_impl="explicit")).eval()
    explicit.load_state_dict(fused.state_dict())
    ids = tokens(48, fused.config.vocab_size)
    with torch.no_grad():
        a, _ = fused(ids)
        b, _ = explicit(ids)
    torch.testing.assert_close(a, b, atol=1e-5, rtol=0)
    assert not torch.equal(a, GPT(fused.config).eval()(ids)[0])  # a different model does differ


def test_kv_cache_decoding_equals_full_recomputation(nano_model):
    ids = tokens(30, nano_model.config.vocab_size)
    with torch.no_grad():
        full, _ = nano_model(ids)
        cache = KVCache()
        parts = [nano_model(ids[:, :10], cache=cache)[0]]
        for i in range(10, 30):
            parts.append(nano_model(ids[:, i:i + 1], cache=cache)[0])
    torch.testing.assert_close(torch.cat(parts, dim=1), full, atol=1e-5, rtol=0)
    assert cache.length == 30


def test_kv_cache_with_several_new_tokens_at_once(nano_model):
    ids = tokens(25, nano_model.config.vocab_size, seed=3)
    with torch.no_grad():
        full, _ = nano_model(ids)
        cache = KVCache()
        first, _ = nano_model(ids[:, :7], cache=cache)
        rest, _ = nano_model(ids[:, 7:], cache=cache)
    torch.testing.assert_close(torch.cat([first, rest], 1), full, atol=1e-5, rtol=0)


@pytest.mark.parametrize("impl", ["sdpa", "explicit"])
def test_traced_and_untraced_logits_are_equal(small_tokenizer, impl):
    torch.manual_seed(2)
    model = GPT(replace(preset("nano", small_tokenizer.vocab_size), attn_impl=impl)).eval()
    ids = tokens(33, model.config.vocab_size)
    with torch.no_grad():
        plain, _ = model(ids)
    traced, cache = run_with_cache(model, ids)
    torch.testing.assert_close(traced, plain, atol=1e-5, rtol=0)
    assert ("pattern", 1) in cache and ("mlp_post", 0) in cache
    assert all(not p.active for p in model.hook_points.values())  # hooks are gone afterwards


def test_trace_keeps_only_what_is_asked(nano_model):
    t = trace(nano_model, [1, 2, 3, 4], parts=("pattern",))
    assert all("hook_pattern" in k for k in t.cache.keys())
    t = trace(nano_model, [1, 2, 3, 4], parts=("logit_lens",))
    assert list(t.cache.keys()) == []  # the residual was borrowed for the lens, then dropped
    assert t.logit_lens.shape == (2, 4, nano_model.config.vocab_size)
    torch.testing.assert_close(t.logit_lens.sum(-1), torch.ones(2, 4))
    # the last layer's lens is the model's own prediction
    torch.testing.assert_close(t.logit_lens[-1], torch.softmax(t.logits, -1), atol=1e-5, rtol=0)


def test_trace_shapes_of_all_parts(nano_model):
    c = nano_model.config
    t = trace(nano_model, list(range(12)), parts=("pattern", "resid", "mlp", "logit_lens"))
    assert t["resid_pre", 0].shape == (12, c.n_embd)
    assert t["resid_post", 1].shape == (12, c.n_embd)
    assert t["mlp_post", 1].shape == (12, 4 * c.n_embd)
    torch.testing.assert_close(t["resid_post", 0], t["resid_pre", 1])


def test_trace_rejects_what_it_cannot_do(nano_model):
    with pytest.raises(ValueError, match="empty"):
        trace(nano_model, [])
    with pytest.raises(ValueError, match="context window"):
        trace(nano_model, [1] * (nano_model.config.block_size + 1))
    with pytest.raises(ValueError, match="unknown trace parts"):
        trace(nano_model, [1], parts=("nonsense",))


def test_forward_refuses_overlong_input_with_a_message(nano_model):
    with pytest.raises(ValueError, match="context window"):
        nano_model(torch.zeros(1, nano_model.config.block_size + 1, dtype=torch.long))


def test_output_weights_are_tied(nano_model):
    assert nano_model.lm_head.weight is nano_model.wte.weight
