"""Exploration: step, back, choose, settings and bad prompts, as the Explore window uses them."""
import pytest
import torch

from explainer import SamplerSettings
from explainer.explore import Exploration, PromptError, TextEnded


@pytest.fixture
def ex(nano_model, small_tokenizer):
    return Exploration(nano_model, small_tokenizer, prompt="Tom likes")


def test_step_appends_and_back_restores(ex):
    before = list(ex.tokens)
    g = ex.step()
    assert ex.tokens == before + [g.token]
    assert ex.back() and ex.tokens == before
    assert not ex.back()  # the prompt itself is never undone


def test_back_then_step_repeats_the_draw_and_a_new_seed_changes_it(ex):
    ex.set_settings(SamplerSettings(temperature=3.0))
    first = [ex.step().token for _ in range(6)]
    for _ in range(6):
        ex.back()
    assert [ex.step().token for _ in range(6)] == first
    for _ in range(6):
        ex.back()
    ex.set_seed(99)
    assert [ex.step().token for _ in range(6)] != first


def test_choose_appends_exactly_that_token_with_its_probability(ex):
    d = ex.distribution()
    g = ex.choose(5)
    assert ex.tokens[-1] == 5 and g.how == "chosen"
    assert g.probability == pytest.approx(float(d.model_probs[5]))


def test_greedy_is_the_argmax(ex):
    expected = int(ex.trace().logits[-1].argmax())
    assert ex.greedy().token == expected


def test_candidates_follow_the_filters(ex):
    ex.set_settings(SamplerSettings(temperature=0.5, top_k=3))
    cands = ex.candidates(8)
    assert [c.kept for c in cands] == [True] * 3 + [False] * 5
    assert sum(c.final_prob for c in cands) == pytest.approx(1.0, abs=1e-5)
    hot = Exploration(ex.model, ex.tokenizer, SamplerSettings(temperature=2.0), prompt="Tom likes").candidates(1)
    assert cands[0].shown_prob > hot[0].shown_prob


def test_listeners_hear_each_change(ex):
    heard = []
    ex.subscribe(heard.append)
    ex.step()
    ex.back()
    ex.set_prompt("Mia")
    ex.set_seed(3)
    assert heard == ["tokens", "tokens", "prompt", "settings"]
    ex.unsubscribe(heard.append)
    ex.step()
    assert len(heard) == 4


def test_views_data_matches_the_trace(ex):
    t = ex.trace()
    torch.testing.assert_close(ex.attention(1, 0), t.pattern(1)[0])
    ids, probs = ex.lens()
    assert ids.shape == (ex.model.config.n_layer, len(ex.window), 1)
    assert ids[-1, -1, 0] == int(t.logits[-1].argmax())
    neurons = ex.top_neurons(0, 0, k=4)
    assert len(neurons) == 4 and neurons[0][1] >= neurons[-1][1]


@pytest.mark.parametrize("bad", ["", "   \n"])
def test_empty_prompt_gives_a_message_and_keeps_the_old_one(ex, bad):
    with pytest.raises(PromptError, match="Type a prompt"):
        ex.set_prompt(bad)
    assert ex.prompt == "Tom likes"


@pytest.mark.parametrize("text", ["x" * 10_000, "🎉 مرحبا \x00\x07 Tom", "\u202eevil\u202c"])
def test_awkward_prompts_still_step(ex, text):
    ex.set_prompt(text)
    ex.step()
    assert len(ex.window) <= ex.model.config.block_size
    if len(text) == 10_000:
        assert "context window" in ex.notice
    if "🎉" in text:
        assert "raw bytes" in ex.notice


def test_settings_changes_keep_the_trace_and_token_changes_renew_it(ex):
    first = ex.trace()
    ex.set_settings(SamplerSettings(temperature=0.3))
    assert ex.trace() is first
    ex.step()
    assert ex.trace() is not first


def test_lens_equals_the_traced_logit_lens(ex):
    from explainer import trace
    full = trace(ex.model, ex.window, parts=("logit_lens",)).logit_lens
    ids, probs = ex.lens(top=3)
    expected_p, expected_i = torch.topk(full, 3, dim=-1)
    torch.testing.assert_close(probs, expected_p, atol=1e-6, rtol=0)
    assert torch.equal(ids, expected_i)


def test_candidates_at_the_lowest_temperature_are_the_models_top_tokens_in_order(ex):
    ex.set_settings(SamplerSettings(temperature=0.1))
    logits = ex.trace().logits[-1]
    expected = torch.sort(logits, descending=True, stable=True).indices[:10].tolist()
    assert [c.token for c in ex.candidates(10)] == expected
    assert logits[expected[0]] >= logits[expected[-1]]


@pytest.mark.parametrize("temperature", [0.1, 0.5, 1.0, 2.5])
def test_top_k_marks_exactly_the_cut_tokens_at_any_temperature(ex, temperature):
    ex.set_settings(SamplerSettings(temperature=temperature, top_k=4))
    cands = ex.candidates(10)
    assert [c.kept for c in cands] == [True] * 4 + [False] * 6
    assert all(c.cut_by == "top-k" for c in cands[4:]) and all(c.final_prob == 0 for c in cands[4:])


def test_chat_mode_sends_exactly_the_chat_format(ex):
    tok = ex.tokenizer
    ex.set_chat("  What does   Tom like? ")
    assert ex.prompt == "User: What does Tom like?\nAssistant:"
    assert ex.prompt_tokens == [tok.user_id] + tok.encode(" What does Tom like?\n") + [tok.assistant_id]
    assert ex.prompt_tokens == tok.encode_document("User: What does Tom like?\nAssistant:")
    ex.set_prompt("SuperUser: hi")  # typed text never becomes a role token
    assert tok.user_id not in ex.prompt_tokens and not ex.chat


def test_a_chat_answer_ends_at_the_next_user_line_and_back_reopens_it(ex):
    tok = ex.tokenizer
    ex.set_chat("What does Tom like?")
    ex.choose(5)
    ex.choose(tok.user_id)
    assert ex.ended and "User:" in ex.end_message
    n = len(ex.tokens)
    for act in (ex.step, ex.greedy, lambda: ex.choose(7)):
        with pytest.raises(TextEnded):
            act()
    assert len(ex.tokens) == n
    ex.back()
    assert not ex.ended and ex.end_message == ""
    ex.set_prompt("Tom likes")
    ex.choose(tok.user_id)  # in plain text, "User:" does not end anything
    assert not ex.ended
    ex.choose(tok.eot_id)
    assert ex.ended and "[end of text]" in ex.end_message


def test_a_lone_surrogate_becomes_a_replacement_character_with_a_notice(ex):
    ex.set_prompt("Tom \ud800 likes")
    assert ex.prompt == "Tom \ufffd likes" and "broken character" in ex.notice
    ex.step()


def test_neuron_effects_include_the_final_layernorms_centring(ex):
    m = ex.model
    w = m.blocks[1].mlp.c_proj.weight[:, 7].detach().double()
    ln = m.ln_f.weight.detach().double()
    direct = m.lm_head.weight.detach().double() @ ((w - w.mean()) * ln)
    effects = ex.neuron_effects(1, 7, top=3)
    assert [t for t, _, _ in effects] == torch.topk(direct, 3).indices.tolist()
    assert effects[0][2] == pytest.approx(float(direct.max()), rel=1e-4)


def test_embedding_parts_add_up_to_what_enters_layer_one(ex):
    from explainer import run_with_cache
    token_vec, pos_vec = ex.embedding_parts(1)
    _, cache = run_with_cache(ex.model, torch.tensor([ex.window]), "blocks.0.hook_resid_pre")
    torch.testing.assert_close(token_vec + pos_vec, cache["resid_pre", 0][0, 1])


def test_restore_puts_back_every_token_exactly_and_tells_the_views_once(ex):
    """A saved scene's tokens come back with the same chances and the same way of choosing."""
    ex.step(), ex.greedy(), ex.choose(5), ex.step()
    written = list(ex.generated)
    ex.set_prompt(ex.prompt)
    heard = []
    ex.subscribe(heard.append)
    ex.restore([(g.token, g.how) for g in written])
    assert ex.generated == written and heard == ["tokens"]


def test_restore_then_write_is_the_same_as_pressing_step(ex):
    for _ in range(6):
        ex.step()
    by_hand = list(ex.generated)
    ex.set_prompt(ex.prompt)
    ex.restore([], write=6)
    assert ex.generated == by_hand


def test_restore_refuses_a_token_outside_the_vocabulary(ex):
    with pytest.raises(ValueError, match="vocabulary"):
        ex.restore([(ex.tokenizer.vocab_size, "sample")])
    assert ex.generated == []
