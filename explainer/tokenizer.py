"""Text <-> token ids: a byte-level BPE tokenizer trained on the tiny world.

Byte-level byte-pair encoding as in GPT-2 (Radford et al. 2019; Sennrich et al. 2016),
built with Hugging Face `tokenizers`. Because the base alphabet is the 256 byte
values, any string, including words and emoji the world never uses, splits into
pieces and decodes back exactly: `decode(encode(s)) == s`.

The same class reads the tokenizer.json of a real model (GPT-2's, Pythia's: byte-level BPE
too) with `roles=False`: its end-of-text is `<|endoftext|>`, it has no chat roles
(`user_id` is None), and its own added tokens are shown as their text.
"""
from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path
from typing import Iterable

from tokenizers import Tokenizer as HFTokenizer
from tokenizers import decoders, models, pre_tokenizers, trainers

from .atomic import atomic_write_text

EOT = "<|endoftext|>"  # separates documents; the model learns that a new text starts after it
USER = "User:"  # the two chat roles are single tokens so the chat format is unmistakable
ASSISTANT = "Assistant:"
SPECIAL_TOKENS = (EOT, USER, ASSISTANT)
# How the special tokens are shown, everywhere (bars, chips, text): one name for one thing.
SPECIAL_DISPLAY = {EOT: "[end of text]", USER: "User:", ASSISTANT: "Assistant:"}

# Visible stand-ins for characters that would otherwise vanish on screen.
_VISIBLE = {" ": "·", "\n": "⏎", "\t": "⇥", "\r": "␍"}


def _byte_decoder() -> dict[str, int]:
    """GPT-2's map from the printable stand-in characters back to raw bytes."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars, n = list(keep), 0
    for b in range(256):
        if b not in keep:
            keep.append(b)
            chars.append(256 + n)
            n += 1
    return {chr(c): b for b, c in zip(keep, chars)}


_BYTES = _byte_decoder()


class TokenizerError(ValueError):
    pass


def _check_byte_level(hf: HFTokenizer, added: dict) -> None:
    """Another model's tokenizer is read only if it is byte-level BPE, every piece made of GPT-2's byte
    stand-ins, so each token has exact bytes to show (a SentencePiece or WordPiece vocabulary has not)."""
    if not (isinstance(hf.model, models.BPE) and isinstance(hf.decoder, decoders.ByteLevel)):
        raise TokenizerError(f"not a byte-level BPE tokenizer (as GPT-2's and Pythia's are): its model is "
                             f"{type(hf.model).__name__}, its decoder {type(hf.decoder).__name__}")
    strange = next((p for p, i in hf.get_vocab(with_added_tokens=False).items()
                    if i not in added and any(c not in _BYTES for c in p)), None)
    if strange is not None:
        raise TokenizerError(f"not a byte-level BPE tokenizer (as GPT-2's and Pythia's are): its piece {strange!r} "
                             "is not made of byte stand-ins")


def _checked(text: str) -> str:
    """Refuse, with words, what no UTF-8 text can hold (a lone surrogate from a broken paste)."""
    if not isinstance(text, str):
        raise TokenizerError(f"text must be a string, not {type(text).__name__}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise TokenizerError(f"the text holds a broken character (U+{ord(text[exc.start]):04X} at position "
                             f"{exc.start}, half of a pair) that no text file can store") from None
    return text


class Tokenizer:
    """Two ways in: `encode` reads typed text, in which "User:" is just letters; `encode_document`
    reads our own corpus, where "User:", "Assistant:" and end-of-text are the role tokens. Only
    the corpus and the chat format (`encode_chat`) ever produce role tokens."""

    def __init__(self, hf: HFTokenizer, roles: bool = True) -> None:
        missing = [t for t in SPECIAL_TOKENS if hf.token_to_id(t) is None]
        if roles and missing:
            raise TokenizerError(f"not an explainer tokenizer: special tokens {missing} are missing")
        added = hf.get_added_tokens_decoder()
        if not roles:
            _check_byte_level(hf, added)
        self.hf = hf  # reads special tokens in the text (the corpus)
        # A second instance rather than toggling a flag: a training worker may encode at the same time.
        self._plain = HFTokenizer.from_str(hf.to_str())
        self._plain.encode_special_tokens = True  # typed text: "SuperUser:" stays letters
        self.eot_id = hf.token_to_id(EOT)
        self.user_id = hf.token_to_id(USER) if roles else None  # None: no chat format, plain text only
        self.assistant_id = hf.token_to_id(ASSISTANT) if roles else None
        self._added = {i: t.content for i, t in added.items()}  # stored as their text, not as byte pieces
        self._special = ({self.eot_id, self.user_id, self.assistant_id} if roles
                         else {i for i, t in added.items() if t.special})
        self._display_cache: dict[int, str] = {}

    # -- building and storing -------------------------------------------------
    @classmethod
    def train(cls, texts: Iterable[str], vocab_size: int = 2048, min_frequency: int = 2) -> "Tokenizer":
        hf = HFTokenizer(models.BPE())
        hf.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        hf.decoder = decoders.ByteLevel()
        trainer = trainers.BpeTrainer(
            vocab_size=vocab_size, min_frequency=min_frequency, special_tokens=list(SPECIAL_TOKENS),
            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
        hf.train_from_iterator(texts, trainer)
        return cls(hf)

    @classmethod
    def from_str(cls, text: str, roles: bool = True) -> "Tokenizer":
        try:
            return cls(HFTokenizer.from_str(text), roles)
        except TokenizerError:
            raise
        except Exception as exc:  # tokenizers raises a bare Exception on bad JSON
            raise TokenizerError(f"not a readable tokenizer file: {exc}") from None

    @classmethod
    def load(cls, path: str | Path) -> "Tokenizer":
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TokenizerError(f"cannot read tokenizer {path}: {exc}") from None
        return cls.from_str(text)

    def to_str(self) -> str:
        return self.hf.to_str(pretty=True)

    def save(self, path: str | Path) -> None:
        atomic_write_text(path, self.to_str())

    @property
    def hash(self) -> str:
        """Identifies the vocabulary and merges, so a model is never read with the wrong tokenizer."""
        return hashlib.sha256(self.hf.to_str().encode("utf-8")).hexdigest()[:16]

    @property
    def vocab_size(self) -> int:
        return self.hf.get_vocab_size()

    # -- use ------------------------------------------------------------------
    def encode(self, text: str) -> list[int]:
        """Typed text as tokens; words that spell a special token stay plain text."""
        return self._plain.encode(_checked(text), add_special_tokens=False).ids

    def encode_document(self, text: str) -> list[int]:
        """Corpus text, in which "User:", "Assistant:" and end-of-text are the role tokens."""
        return self.hf.encode(_checked(text), add_special_tokens=False).ids

    def encode_documents(self, texts: list[str]) -> list[list[int]]:
        return [e.ids for e in self.hf.encode_batch([_checked(t) for t in texts], add_special_tokens=False)]

    def encode_chat(self, question: str) -> list[int]:
        """Exactly the format the chats were written in: `User: <question>\nAssistant:`, with the
        role tokens as tokens and the question as plain text (a trailing space or lower-case roles
        would read as another text to the model)."""
        if self.user_id is None:
            raise TokenizerError("this model has no chat roles (User: / Assistant:): it continues plain text only")
        return [self.user_id] + self.encode(" " + question.strip() + "\n") + [self.assistant_id]

    def decode(self, ids: Iterable[int]) -> str:
        return self.hf.decode(list(ids), skip_special_tokens=False)

    def is_special(self, token_id: int) -> bool:
        return token_id in self._special

    def token_bytes(self, token_id: int) -> bytes:
        piece = self.hf.id_to_token(token_id)
        if piece is None:
            raise TokenizerError(f"token id {token_id} is outside the vocabulary of {self.vocab_size}")
        if token_id in self._added:
            return self._added[token_id].encode("utf-8")
        return bytes(_BYTES[c] for c in piece)

    def display(self, token_id: int) -> str:
        """The token as a person should see it: spaces and newlines visible, partial characters as bytes."""
        if token_id not in self._display_cache:
            raw = self.token_bytes(token_id)
            if self.is_special(token_id):
                name = raw.decode("utf-8")  # another model's own special token, "<|padding|>": "[padding]"
                self._display_cache[token_id] = SPECIAL_DISPLAY.get(name) or f"[{name.strip('<|>') or name}]"
                return self._display_cache[token_id]
            try:
                text = raw.decode("utf-8")
                shown = "".join(_VISIBLE.get(c, c if c.isprintable() else f"\\x{ord(c):02x}") for c in text)
            except UnicodeDecodeError:  # a piece of a multi-byte character, such as part of an emoji
                shown = "".join(f"<{b:02X}>" for b in raw)
            if shown and unicodedata.combining(shown[0]):  # an accent alone (GPT-2 has a few): on a dotted circle
                shown = "◌" + shown
            self._display_cache[token_id] = shown
        return self._display_cache[token_id]

    def displays(self, ids: Iterable[int]) -> list[str]:
        return [self.display(i) for i in ids]
