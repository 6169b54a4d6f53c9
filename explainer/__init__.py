"""explainer: a small GPT you can watch think and learn. The engine; it never imports Qt.

    from explainer import load_model, trace, Sampler, SamplerSettings
    lm = load_model("base")
    ids = lm.tokenizer.encode("Once upon a time")
    t = trace(lm.model, ids, parts=("pattern", "logit_lens"))
    t.pattern(0)            # (heads, query, key) attention weights of layer 0
    step = Sampler(SamplerSettings(temperature=0.8), seed=1).step(t.logits[-1])
    lm.tokenizer.decode([step.token])

Names are imported on first use (PEP 562), so `import explainer` does not load torch:
the window can be on screen before the second or so that torch takes to import.
"""
from importlib import import_module

_EXPORTS = {
    "CheckpointError": "checkpoint", "LoadedModel": "checkpoint", "load_checkpoint": "checkpoint",
    "save_checkpoint": "checkpoint", "PRESETS": "config", "GPTConfig": "config", "preset": "config",
    "GPT": "model", "KVCache": "model", "SampleStep": "sampling", "Sampler": "sampling",
    "SamplerSettings": "sampling", "generate": "sampling", "Tokenizer": "tokenizer",
    "TokenizerError": "tokenizer", "Cache": "tracing", "Trace": "tracing", "run_with_cache": "tracing", "trace": "tracing",
}
__all__ = [*_EXPORTS, "load_model"]


def __getattr__(name: str):
    if name == "load_model":  # a folder of ours, or a real model's (GPT-2, Pythia): explainer/opening.py
        return import_module(".opening", __name__).load_model
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'explainer' has no attribute {name!r}")
