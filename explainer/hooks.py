"""Hook points: named identity modules where activations can be read.

Follows TransformerLens' `HookPoint`: every interesting activation passes through an
identity module declared in `__init__`, named by its module path
(`blocks.0.attn.hook_pattern`). Hooks are temporary; `capture()` installs them and
removes them in `finally`, so a model never keeps a stray hook after an error.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterable, Iterator

import torch
from torch import nn

NamesFilter = None | str | Iterable[str] | Callable[[str], bool]


class HookPoint(nn.Module):
    """Identity; when a reader is attached it is called with (name, tensor)."""

    def __init__(self) -> None:
        super().__init__()
        self.name = ""
        self.reader: Callable[[str, torch.Tensor], None] | None = None

    @property
    def active(self) -> bool:
        return self.reader is not None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.reader is not None:
            self.reader(self.name, x)
        return x


def name_hook_points(model: nn.Module) -> dict[str, HookPoint]:
    """Give every HookPoint its module path as name; return them by name."""
    points = {}
    for name, module in model.named_modules():
        if isinstance(module, HookPoint):
            module.name = name
            points[name] = module
    return points


def _as_predicate(names_filter: NamesFilter) -> Callable[[str], bool]:
    if names_filter is None:
        return lambda name: True
    if isinstance(names_filter, str):
        return lambda name: name == names_filter
    if callable(names_filter):
        return names_filter
    wanted = set(names_filter)
    return lambda name: name in wanted


@contextmanager
def capture(points: dict[str, HookPoint], names_filter: NamesFilter) -> Iterator[dict[str, torch.Tensor]]:
    """Attach readers to the chosen hook points; yield the dict they fill (detached, CPU, float32)."""
    store: dict[str, torch.Tensor] = {}
    keep = _as_predicate(names_filter)

    def reader(name: str, x: torch.Tensor) -> None:
        store[name] = x.detach().to("cpu", torch.float32)

    chosen = [p for n, p in points.items() if keep(n)]
    try:
        for point in chosen:
            point.reader = reader
        yield store
    finally:
        for point in chosen:
            point.reader = None
