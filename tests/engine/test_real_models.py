"""Real models from Hugging Face folders: GPT-2 and GPT-NeoX (Pythia) read into our GPT give the same
logits, attention patterns and logit lens as the reference implementation (transformers) to 1e-4, on
tiny random models the tests make; they work with the trace, the Exploration and the shelf unchanged."""
import pytest
import torch

from explainer import KVCache, load_model, trace
from explainer.explore import Exploration, PromptError
from explainer.real import HFInfo, load_hf_folder
from explainer.shelf import ModelShelf
from explainer.tokenizer import TokenizerError

from .real_models import make_folder

pytest.importorskip("transformers")

TEXT = "Once upon a time, a cat named Tom   lived in a red house. One day, Mia went to the park with her dog."
# (architecture, transformers options): both NeoX residual layouts, partial and full rotary
VARIANTS = {"gpt2": ("gpt2", {}), "neo": ("gpt_neo", {}), "neox": ("gpt_neox", {}),
            "neox-sequential": ("gpt_neox", {"use_parallel_residual": False, "rotary_pct": 1.0})}


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """Each variant saved once: (folder, reference model)."""
    out = {}
    for name, (arch, options) in VARIANTS.items():
        folder = tmp_path_factory.mktemp(name)
        out[name] = folder, make_folder(folder, arch, seed=len(out), **options)
    return out


def reference(ref, ids: list[int]):
    with torch.no_grad():
        return ref(torch.tensor([ids]), output_attentions=True, output_hidden_states=True)


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_logits_patterns_and_logit_lens_equal_the_reference(saved, variant):
    folder, ref = saved[variant]
    lm = load_hf_folder(folder)
    ids = lm.tokenizer.encode(TEXT)
    assert 20 < len(ids) <= lm.model.config.block_size
    V = lm.model.config.vocab_size
    out = reference(ref, ids)
    t = trace(lm.model, ids, parts=("pattern", "logit_lens", "resid"))
    with torch.no_grad():
        plain, _ = lm.model(torch.tensor([ids]))  # the fused attention path, untraced
    assert out.logits[0].abs().max() > 3  # not a test of near-zero numbers
    torch.testing.assert_close(plain[0], out.logits[0, :, :V], atol=1e-4, rtol=0)
    torch.testing.assert_close(t.logits, out.logits[0, :, :V], atol=1e-4, rtol=0)
    final_ln = ref.gpt_neox.final_layer_norm if variant.startswith("neox") else ref.transformer.ln_f
    head = ref.get_output_embeddings()
    L = lm.model.config.n_layer
    for layer in range(L):
        torch.testing.assert_close(t.pattern(layer), out.attentions[layer][0], atol=1e-4, rtol=0)
        # hidden_states[l + 1] is block l's output, except the last, which HF already passed through ln_f
        hidden = out.hidden_states[layer + 1]
        with torch.no_grad():
            logits = head(hidden if layer == L - 1 else final_ln(hidden))[0, :, :V]
        if layer < L - 1:
            torch.testing.assert_close(t["resid_post", layer], hidden[0], atol=1e-4, rtol=0)
        torch.testing.assert_close(t.logit_lens[layer], torch.softmax(logits, -1), atol=1e-4, rtol=0)
    assert out.attentions[0][0].max() > 0.5  # sharp attention: a wrong layout could not pass by averaging
    if variant == "neo":  # its second layer is local: nothing further back than 8 tokens
        assert (t.pattern(1)[:, 20, :13] == 0).all() and (t.pattern(1)[:, 20, 13:21] > 0).all()


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_kv_cache_decoding_equals_full_recomputation(saved, variant):
    lm = load_hf_folder(saved[variant][0])
    ids = torch.tensor([lm.tokenizer.encode(TEXT)[:30]])
    with torch.no_grad():
        full, _ = lm.model(ids)
        cache = KVCache()
        parts = [lm.model(ids[:, :9], cache=cache)[0]]
        parts += [lm.model(ids[:, i:i + 1], cache=cache)[0] for i in range(9, 30)]
    torch.testing.assert_close(torch.cat(parts, 1), full, atol=1e-5, rtol=0)


def test_greedy_generation_writes_what_the_reference_writes(saved):
    from explainer.sampling import Sampler, SamplerSettings, generate
    folder, ref = saved["neox"]
    lm = load_hf_folder(folder)
    prompt = lm.tokenizer.encode("Once upon a time")
    ours = [s.token for s in generate(lm.model, prompt, 12, Sampler(SamplerSettings(greedy=True)))]
    ids = list(prompt)
    with torch.no_grad():
        for _ in range(12):  # the reference by full recomputation, no cache
            ids.append(int(ref(torch.tensor([ids])).logits[0, -1, :lm.model.config.vocab_size].argmax()))
    assert ours == ids[len(prompt):]


def test_the_architectures_are_what_they_claim(saved):
    gpt2, neox, seq = (load_hf_folder(saved[v][0]) for v in ("gpt2", "neox", "neox-sequential"))
    assert (gpt2.model.config.positions, gpt2.model.config.gelu, gpt2.model.config.tied) == ("learned", "tanh", True)
    assert gpt2.model.lm_head.weight is gpt2.model.wte.weight and gpt2.model.wpe is not None
    c = neox.model.config
    assert c.positions == "rotary" and neox.model.wpe is None and not c.tied and c.parallel_residual
    assert 0 < c.rotary_dim < c.head_size and seq.model.config.rotary_dim == c.head_size
    assert not seq.model.config.parallel_residual
    assert isinstance(neox.info, HFInfo) and neox.info.architecture == "GPT-NeoX (Pythia)"
    assert neox.info.parameters == sum(p.numel() for p in saved["neox"][1].parameters())


def test_padded_rows_past_the_tokenizer_are_left_out(saved):
    lm = load_hf_folder(saved["neox"][0])
    assert lm.info.vocab_rows == 384 > lm.tokenizer.vocab_size == lm.model.config.vocab_size
    assert lm.model.wte.weight.shape[0] == lm.model.lm_head.weight.shape[0] == lm.tokenizer.vocab_size


def test_the_tokenizer_of_a_real_model_reads_and_shows_its_tokens(saved):
    tok = load_hf_folder(saved["neox"][0]).tokenizer
    assert tok.user_id is None and tok.assistant_id is None
    assert tok.display(tok.eot_id) == "[end of text]" and tok.is_special(tok.eot_id)
    padding = tok.hf.token_to_id("<|padding|>")
    assert tok.display(padding) == "[padding]" and tok.is_special(padding)
    spaces = tok.hf.token_to_id("   ")
    assert tok.display(spaces) == "···" and not tok.is_special(spaces)
    ids = tok.encode(TEXT + " <|endoftext|> ok")
    assert tok.decode(ids) == TEXT + " <|endoftext|> ok" and tok.eot_id not in ids  # typed text stays text
    assert tok.displays(tok.encode(" upon"))[0].startswith("·")
    with pytest.raises(TokenizerError, match="no chat roles"):
        tok.encode_chat("hello?")


def test_the_app_opens_it_like_any_model_and_explores_it(saved):
    """The road the window takes: load_model, onto the shelf, the shown inspection model, an Exploration."""
    folder, ref = saved["neox"]
    lm = load_model(folder)
    shelf = ModelShelf()
    shelf.add_loaded(lm, "real", lm.info.title, "pretrained")
    net = shelf.show("real", None)
    ex = Exploration(net, lm.tokenizer, prompt="Once upon a time")
    ex.greedy()
    ex.step()
    assert len(ex.candidates(5)) == 5 and ex.lens(3)[0].shape[0] == net.config.n_layer
    token, position = ex.embedding_parts(2)
    assert token.shape == position.shape and not position.any()  # rotary: nothing is added for the position
    assert len(ex.neuron_effects(1, 7)) == 5 and ex.top_neurons(0, 1)
    with pytest.raises(PromptError, match="chat"):
        ex.set_chat("What is a cat?")
    with torch.no_grad():
        expected = ref(torch.tensor([ex.window])).logits[0, -1, :net.config.vocab_size]
    torch.testing.assert_close(ex.trace().logits[-1], expected, atol=1e-4, rtol=0)
    gpt2 = Exploration(load_model(saved["gpt2"][0]).model, load_model(saved["gpt2"][0]).tokenizer)
    assert gpt2.embedding_parts(1)[1].any()  # learned positions: a vector of its own


def test_float16_and_sharded_weights_load(tmp_path):
    ref = make_folder(tmp_path / "half", "gpt_neox", seed=5, dtype=torch.float16)
    lm = load_hf_folder(tmp_path / "half")
    assert lm.info.stored_dtype == "float16" and lm.model.wte.weight.dtype == torch.float32
    ids = lm.tokenizer.encode(TEXT)
    expected = reference(ref, ids).logits[0, :, :lm.model.config.vocab_size]
    torch.testing.assert_close(trace(lm.model, ids).logits, expected, atol=1e-4, rtol=0)
    ref = make_folder(tmp_path / "shards", "gpt2", seed=6, shard="100KB")
    assert (tmp_path / "shards" / "model.safetensors.index.json").exists()
    lm = load_hf_folder(tmp_path / "shards")
    assert lm.info.source.count("safetensors") > 2
    ids = lm.tokenizer.encode(TEXT)
    torch.testing.assert_close(trace(lm.model, ids).logits, reference(ref, ids).logits[0], atol=1e-4, rtol=0)


def test_the_app_reads_real_models_without_transformers(saved):
    """transformers is only the tests' reference: opening and tracing a real model never imports it."""
    import subprocess
    import sys
    code = ("import sys; from explainer import load_model, trace; lm = load_model(sys.argv[1]); "
            "trace(lm.model, lm.tokenizer.encode('Once upon a time'), parts=('pattern', 'logit_lens')); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('transformers', 'huggingface_hub')))")
    out = subprocess.run([sys.executable, "-c", code, str(saved["neox"][0])], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "[]"


def test_switching_a_chat_to_a_model_without_roles_keeps_its_text_as_plain_text(saved, nano_model, small_tokenizer):
    ex = Exploration(nano_model, small_tokenizer)
    ex.set_chat("What does Tom like?")
    lm = load_model(saved["gpt2"][0])
    ex.set_model(lm.model, lm.tokenizer)
    assert not ex.chat and ex.prompt == "User: What does Tom like?\nAssistant:"
    assert ex.tokens == lm.tokenizer.encode(ex.prompt)


def test_a_real_model_saved_as_ours_reads_back_the_same(saved, tmp_path):
    """A run continued from a real model is saved as our checkpoint: its config and tokenizer come back."""
    from explainer import load_checkpoint, save_checkpoint
    lm = load_hf_folder(saved["neox"][0])
    back = load_checkpoint(save_checkpoint(tmp_path / "ours", lm.model, lm.tokenizer))
    assert back.model.config == lm.model.config and back.tokenizer.user_id is None
    ids = torch.tensor([lm.tokenizer.encode(TEXT)])
    with torch.no_grad():
        torch.testing.assert_close(back.model(ids)[0], lm.model(ids)[0], atol=0, rtol=0)


def test_files_as_the_hub_holds_them_read_the_same(saved, tmp_path):
    """Pythia's config.json says rotary_pct / rotary_emb_base (transformers 4); GPT-2's own file has no
    "transformer." prefix and carries each layer's causal mask (attn.bias), which is never read."""
    import json
    import shutil

    from safetensors.torch import load_file, save_file
    neox = shutil.copytree(saved["neox"][0], tmp_path / "neox")
    config = json.loads((neox / "config.json").read_text())
    rope = config.pop("rope_parameters")
    config |= {"rotary_pct": rope["partial_rotary_factor"], "rotary_emb_base": rope["rope_theta"], "rope_scaling": None}
    (neox / "config.json").write_text(json.dumps(config))
    gpt2 = shutil.copytree(saved["gpt2"][0], tmp_path / "gpt2")
    stored = {k.removeprefix("transformer."): v for k, v in load_file(gpt2 / "model.safetensors").items()}
    stored |= {f"h.{i}.attn.bias": torch.ones(1, 1, 64, 64).tril() for i in range(2)}
    save_file(stored, gpt2 / "model.safetensors")
    for folder, variant in ((neox, "neox"), (gpt2, "gpt2")):
        lm, ref = load_hf_folder(folder), saved[variant][1]
        ids = lm.tokenizer.encode(TEXT)
        expected = reference(ref, ids).logits[0, :, :lm.model.config.vocab_size]
        torch.testing.assert_close(trace(lm.model, ids).logits, expected, atol=1e-4, rtol=0)
