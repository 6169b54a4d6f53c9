"""Token data for next-token prediction: documents joined by end-of-text, random windows.

The world corpus comes from our own generator; a person's own text file is read with
clear refusals for what cannot be a corpus (empty, binary, not UTF-8, too large).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch

from ..tokenizer import Tokenizer

MAX_CORPUS_BYTES = 200_000_000  # beyond this a laptop would spend minutes just reading it
MIN_CORPUS_CHARS = 1_000


class CorpusError(ValueError):
    """A text that cannot be trained on, with a message a person can act on."""


def read_text_corpus(path: str | Path) -> list[str]:
    """Read a person's text file as a list of documents (split at blank-line runs of 3+ or at <|endoftext|>)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CorpusError(f"cannot open {path}: {exc.strerror}") from None
    if path.is_dir():
        raise CorpusError(f"{path} is a folder; choose a plain text file")
    if size == 0:
        raise CorpusError(f"{path} is empty; a corpus needs text to learn from")
    if size > MAX_CORPUS_BYTES:
        raise CorpusError(f"{path} is {size / 1e6:.0f} MB; the limit is {MAX_CORPUS_BYTES / 1e6:.0f} MB")
    data = path.read_bytes()
    if b"\x00" in data[:65536]:
        raise CorpusError(f"{path} looks like a binary file (it contains zero bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path} is not UTF-8 text (bad byte at position {exc.start}); "
                          "save it as UTF-8 and try again") from None
    text = text.replace("\r\n", "\n")
    if len(text.strip()) < MIN_CORPUS_CHARS:
        raise CorpusError(f"{path} holds only {len(text.strip())} characters; a corpus needs at least {MIN_CORPUS_CHARS}")
    docs = [d.strip() for d in text.split("<|endoftext|>")]
    return [d for d in docs if d]


def encode_documents(tokenizer: Tokenizer, texts: list[str]) -> torch.Tensor:
    """All documents as one id stream, each followed by end-of-text."""
    out: list[int] = []
    for ids in tokenizer.encode_documents(texts):
        out.extend(ids)
        out.append(tokenizer.eot_id)
    return torch.tensor(out, dtype=torch.int32)


@dataclass
class TokenData:
    train: torch.Tensor  # (N,) int32 ids
    val: torch.Tensor

    @classmethod
    def from_texts(cls, tokenizer: Tokenizer, train: list[str], val: list[str]) -> "TokenData":
        return cls(encode_documents(tokenizer, train), encode_documents(tokenizer, val))

    @classmethod
    def from_file(cls, tokenizer: Tokenizer, path: str | Path, val_fraction: float = 0.05,
                  min_val_tokens: int = 300) -> "TokenData":
        """A person's text file: its last tokens (5%, at least a few context windows) are held out."""
        docs = read_text_corpus(path)
        ids = encode_documents(tokenizer, docs)
        cut = min(int(len(ids) * (1 - val_fraction)), len(ids) - min_val_tokens)
        return cls(ids[:cut], ids[cut:])

    def check(self, block_size: int) -> None:
        for name, ids in (("training", self.train), ("validation", self.val)):
            if len(ids) < block_size + 2:
                raise CorpusError(f"the {name} text has {len(ids)} tokens, fewer than one context window "
                                  f"({block_size + 1}); use a longer text")

    def batch(self, split: str, batch_size: int, block_size: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
        """Random windows: inputs (B, T) and the same windows shifted by one as targets."""
        ids = self.train if split == "train" else self.val
        starts = torch.randint(0, len(ids) - block_size - 1, (batch_size,), generator=generator)
        offsets = torch.arange(block_size + 1)
        windows = ids[starts[:, None] + offsets].long()  # (B, T+1)
        return windows[:, :-1].contiguous(), windows[:, 1:].contiguous()
