"""Tiny random Hugging Face models (GPT-2, GPT-NeoX) made by the tests themselves, a few hundred KB each,
saved the way `save_pretrained` saves them, with a byte-level BPE tokenizer.json of their own.

The weights are drawn wider than transformers' own initialisation (std 0.02 makes every logit
nearly 0 and every attention row nearly uniform, so a wrong layout could still pass a 1e-4 test)."""
from __future__ import annotations

from pathlib import Path

import torch
from tokenizers import AddedToken, decoders, models, pre_tokenizers, trainers
from tokenizers import Tokenizer as HFTokenizer

TEXT = ["Once upon a time, a cat named Tom lived in a red house. Tom liked fish and milk.",
        "One day, Mia went to the park with her dog Max.   They played with a blue ball until dark.",
        "The sun was warm. Birds sang in the tall trees, and the children laughed and ran."] * 40


def byte_level_tokenizer(vocab: int = 300, pythia: bool = False) -> HFTokenizer:
    """GPT-2's kind of tokenizer: byte-level BPE with <|endoftext|>; Pythia's also has <|padding|> and
    added tokens for runs of spaces."""
    hf = HFTokenizer(models.BPE())
    hf.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    hf.decoder = decoders.ByteLevel()
    specials = ["<|endoftext|>", "<|padding|>"] if pythia else ["<|endoftext|>"]
    hf.train_from_iterator(TEXT, trainers.BpeTrainer(vocab_size=vocab, special_tokens=specials, show_progress=False,
                                                     initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    if pythia:
        hf.add_tokens([AddedToken("   ", normalized=False), AddedToken("  ", normalized=False)])
    return hf


def widen(model, seed: int) -> None:
    """Weights large enough that attention is sharp and logits spread over several units."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "norm" in name or "ln_" in name:
                p.copy_((1.0 if name.endswith("weight") else 0.0) + 0.2 * torch.randn(p.shape, generator=g))
            else:
                p.copy_((0.15 if p.dim() > 1 else 0.05) * torch.randn(p.shape, generator=g))


def reference_model(arch: str, vocab: int, seed: int = 0, **overrides):
    """A transformers model with eager attention (so it reports its attention patterns)."""
    from transformers import GPT2Config, GPT2LMHeadModel, GPTNeoConfig, GPTNeoForCausalLM, GPTNeoXConfig
    from transformers import GPTNeoXForCausalLM
    if arch == "gpt2":
        config = GPT2Config(vocab_size=vocab, n_positions=64, n_embd=64, n_layer=2, n_head=4,
                            bos_token_id=0, eos_token_id=0, **overrides)
        model = GPT2LMHeadModel(config)
    elif arch == "gpt_neo":  # TinyStories' design; a window of 8 so the local layer's limit shows within 30 tokens
        options = {"attention_types": [[["global", "local"], 1]], "window_size": 8} | overrides
        config = GPTNeoConfig(vocab_size=vocab, max_position_embeddings=64, hidden_size=64, num_layers=2, num_heads=4,
                              bos_token_id=0, eos_token_id=0, **options)
        model = GPTNeoForCausalLM(config)
    else:
        options = {"rotary_pct": 0.5, "use_parallel_residual": True} | overrides
        config = GPTNeoXConfig(vocab_size=vocab, hidden_size=64, num_hidden_layers=2, num_attention_heads=4,
                               intermediate_size=256, max_position_embeddings=64, bos_token_id=0, eos_token_id=0,
                               **options)
        model = GPTNeoXForCausalLM(config)
    model.config._attn_implementation = "eager"
    widen(model, seed)
    return model.eval()


def make_folder(folder: Path, arch: str, seed: int = 0, dtype=torch.float32, shard: str | None = None,
                **overrides):
    """Save a tiny random model and its tokenizer.json into `folder`; return the reference model (float32).
    GPT-NeoX's tables get 384 rows for a ~330-token tokenizer, padded as Pythia pads them."""
    tokenizer = byte_level_tokenizer(pythia=arch == "gpt_neox")
    rows = 384 if arch == "gpt_neox" else tokenizer.get_vocab_size()
    model = reference_model(arch, rows, seed, **overrides)
    kwargs = {"max_shard_size": shard} if shard else {}
    if dtype != torch.float32:  # stored in half precision; the reference computes with those values in float32
        with torch.no_grad():
            for p in model.parameters():
                p.copy_(p.to(dtype).float())
        kwargs["state_dict"] = {k: v.to(dtype) for k, v in model.state_dict().items()}
    model.save_pretrained(folder, safe_serialization=True, **kwargs)
    tokenizer.save(str(folder / "tokenizer.json"))
    return model
