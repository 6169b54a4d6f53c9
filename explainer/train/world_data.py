"""Token data from the tiny world, with the shipped tokenizer (or one trained on the spot)."""
from __future__ import annotations

from pathlib import Path

from ..checkpoint import ASSETS
from ..tokenizer import Tokenizer
from .data import TokenData

TOKENIZER_PATH = ASSETS / "tokenizer.json"
DEFAULT_VOCAB = 2048


def shipped_tokenizer() -> Tokenizer:
    return Tokenizer.load(TOKENIZER_PATH)


def train_world_tokenizer(seed: int = 0, mb: float = 6.0, vocab_size: int = DEFAULT_VOCAB) -> Tokenizer:
    from ..world import generate_corpus
    corpus = generate_corpus(seed=seed, target_bytes=int(mb * 1e6))
    return Tokenizer.train(corpus.texts("train"), vocab_size=vocab_size)


def world_token_data(seed: int = 0, mb: float = 6.0, tokenizer: Tokenizer | None = None,
                     tokenizer_path: str | Path | None = None) -> tuple[TokenData, Tokenizer]:
    from ..world import generate_corpus
    tokenizer = tokenizer or (Tokenizer.load(tokenizer_path) if tokenizer_path else shipped_tokenizer())
    corpus = generate_corpus(seed=seed, target_bytes=int(mb * 1e6))
    return TokenData.from_texts(tokenizer, corpus.texts("train"), corpus.texts("val")), tokenizer
