"""Weights in one place: what a saved file holds, checking a file's tensors against a model,
putting weights into a model, and read-only copies for looking inside.

Used by checkpoints, the exact-resume state and the training timeline, so the rules are
written once: the output layer shares its table with the token embedding (tied weights,
as in GPT-2), so `lm_head.weight` is stored only for a model whose output layer has a table
of its own (Pythia's, `config.tied` False); a stored tensor must have the name,
shape and a floating-point type the model expects, and finite values.
"""
from __future__ import annotations

import copy
from functools import lru_cache

import torch

from .config import GPTConfig
from .errors import CheckpointError
from .model import GPT

TIED = "lm_head.weight"  # the same tensor as wte.weight; stored once, under that name
# Stored types we accept. Integers, booleans and float64 are refused: an integer file read as
# weights shows garbage, and float64 holds values (1e300) that overflow to infinity in float32.
FLOAT_TYPES = {torch.float32, torch.float16, torch.bfloat16}
SAFETENSORS_FLOAT_TYPES = {"F32", "F16", "BF16"}


class WeightsError(CheckpointError):
    """Tensors that do not fit a model, with a message a person can act on."""


def saved_state(model: GPT, dtype: torch.dtype | None = None) -> dict[str, torch.Tensor]:
    """Detached CPU copies of every tensor a file must hold to rebuild `model` (the tied one once)."""
    return {k: v.detach().to("cpu", dtype or v.dtype).clone().contiguous()
            for k, v in model.state_dict().items() if k != TIED or not model.config.tied}


def unique_state(module: torch.nn.Module) -> dict[str, torch.Tensor]:
    """Every tensor of any module (a language model, or one with a head on top), each stored once:
    a tensor that shares memory with one listed before it (a tied weight) is left out, and
    `restore_unique_state` ties it back by loading into the module itself."""
    seen, out = set(), {}
    for k, v in module.state_dict().items():
        if v.data_ptr() in seen:
            continue
        seen.add(v.data_ptr())
        out[k] = v.detach().contiguous()
    return out


def restore_unique_state(module: torch.nn.Module, state: dict[str, torch.Tensor], source: str) -> None:
    """The inverse of `unique_state`: load, and accept only tied tensors as missing."""
    expected = unique_state(module)
    missing, unexpected = sorted(set(expected) - set(state)), sorted(set(state) - set(expected))
    if missing or unexpected:
        raise WeightsError(f"{source} does not fit: missing {missing[:5]}, unexpected {unexpected[:5]}")
    module.load_state_dict(state, strict=False)


def expected_shapes(config: GPTConfig) -> dict[str, tuple[int, ...]]:
    """The stored tensors of a model of this shape, by name; built on the meta device, so even a
    configuration too large for this machine costs no memory to describe."""
    return dict(_shapes(config))


@lru_cache(maxsize=32)
def _shapes(config: GPTConfig) -> tuple[tuple[str, tuple[int, ...]], ...]:
    # Remembered per shape: building even a meta model takes ~0.2 s, and the window checks the
    # weights on every move of the timeline (a frozen config is its own key).
    with torch.device("meta"):
        model = GPT(config)
    return tuple((k, tuple(v.shape)) for k, v in model.state_dict().items() if k != TIED or not config.tied)


def check_names_and_shapes(found: dict[str, tuple[int, ...]], config: GPTConfig, source: str) -> None:
    expected = expected_shapes(config)
    missing, unexpected = sorted(set(expected) - set(found)), sorted(set(found) - set(expected))
    if missing or unexpected:
        raise WeightsError(f"{source} does not fit this model: missing {missing[:5]}, unexpected {unexpected[:5]}")
    for k, shape in found.items():
        if tuple(shape) != expected[k]:
            raise WeightsError(f"{source}: {k} has shape {tuple(shape)}, expected {expected[k]}")


def check_state(state: dict[str, torch.Tensor], config: GPTConfig, source: str) -> None:
    """Names, shapes, types and values of stored tensors, before anything is copied into a model."""
    check_names_and_shapes({k: tuple(v.shape) for k, v in state.items()}, config, source)
    for k, v in state.items():
        if v.dtype not in FLOAT_TYPES:
            raise WeightsError(f"{source}: {k} is stored as {str(v.dtype).removeprefix('torch.')}; "
                               "model weights must be float32, float16 or bfloat16")
        if not torch.isfinite(v.float()).all():
            raise WeightsError(f"{source}: {k} holds NaN or infinite values")


def apply_state(model: GPT, state: dict[str, torch.Tensor], source: str = "the weights") -> None:
    """Check `state`, then copy it into `model` in place (the model keeps its own dtype)."""
    check_state(state, model.config, source)
    own = model.state_dict()
    with torch.no_grad():
        for k, v in state.items():
            own[k].copy_(v.to(own[k].dtype))


def inspection_copy(model: GPT) -> GPT:
    """A separate model with the same weights, in eval mode and without gradients: what views and
    analyses look at, so nothing they do can touch the tensors a worker is training."""
    clone = copy.deepcopy(model)
    for p in clone.parameters():
        p.requires_grad_(False)
    return clone.eval()


def trainable_copy(model: GPT) -> GPT:
    """A separate model with the same weights that an optimizer may change (training mode, gradients on)."""
    clone = copy.deepcopy(model)
    for p in clone.parameters():
        p.requires_grad_(True)
    return clone.train()


def empty_model(config: GPTConfig) -> GPT:
    """A network of this shape whose weights are left unset, for weights that are all copied in next:
    built on the meta device, so no random numbers are drawn (1.3 s for GPT-2 small's 124 M)."""
    with torch.device("meta"):
        model = GPT(config)
    model = model.to_empty(device="cpu")
    if config.tied:
        model.lm_head.weight = model.wte.weight  # to_empty gives each module a tensor of its own
    return model


def model_from_state(config: GPTConfig, state: dict[str, torch.Tensor], source: str) -> GPT:
    """A new inspection model holding `state` (checked first, so nothing is built for a bad file)."""
    check_state(state, config, source)
    model = empty_model(config)
    apply_state(model, state, source)
    for p in model.parameters():
        p.requires_grad_(False)
    return model.eval()
