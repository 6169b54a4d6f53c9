"""explainer: a small GPT you can watch think and learn. The engine; it never imports Qt.

    from explainer import load_model, trace, Sampler, SamplerSettings
    lm = load_model("base")
    ids = lm.tokenizer.encode("Once upon a time")
    t = trace(lm.model, ids, parts=("pattern", "logit_lens"))
    t.pattern(0)            # (heads, query, key) attention weights of layer 0
    step = Sampler(SamplerSettings(temperature=0.8), seed=1).step(t.logits[-1])
    lm.tokenizer.decode([step.token])
"""
from .checkpoint import CheckpointError, LoadedModel, load_checkpoint, save_checkpoint
from .config import PRESETS, GPTConfig, preset
from .model import GPT, KVCache
from .sampling import SampleStep, Sampler, SamplerSettings, generate
from .tokenizer import Tokenizer, TokenizerError
from .trace import Cache, Trace, run_with_cache, trace

load_model = load_checkpoint

__all__ = [
    "GPT", "GPTConfig", "PRESETS", "preset", "KVCache", "Tokenizer", "TokenizerError",
    "Trace", "Cache", "trace", "run_with_cache", "Sampler", "SamplerSettings", "SampleStep",
    "generate", "load_model", "load_checkpoint", "save_checkpoint", "LoadedModel", "CheckpointError",
]
