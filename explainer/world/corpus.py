"""The tiny-world corpus: many seeded documents, mixed by genre, split three ways.

`generate_corpus(seed, target_bytes)` draws stories, fact pages and chats from
one `random.Random(seed)` until the text reaches `target_bytes`, keeping the
genre mix close to its target shares of bytes. Validation documents are drawn
from the same distribution as training ones; test documents are stories whose
(main character, plot) pairs never appear in training or validation (see
`stories.held_out`). The same seed gives a byte-identical corpus.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .chats import make_chat
from .document import END_OF_TEXT, GENRES, SPLITS, Document
from .facts_pages import make_fact_page
from .stories import make_story

# Target shares of the corpus, in bytes.
GENRE_SHARES = {"story": 0.65, "facts": 0.15, "chat": 0.20}
VAL_SHARE = 0.02          # of training-distribution documents
TEST_STORY_SHARE = 0.06   # of stories, told with held-out pairs


@dataclass
class Corpus:
    seed: int
    documents: list[Document] = field(default_factory=list)

    def split(self, name: str) -> list[Document]:
        if name not in SPLITS:
            raise ValueError(f"unknown split {name!r}; expected one of {SPLITS}")
        return [d for d in self.documents if d.split == name]

    def texts(self, name: str) -> list[str]:
        return [d.text for d in self.split(name)]

    def stats(self) -> dict:
        """Bytes (UTF-8) and document counts, in total, per split, per genre and per split and genre."""
        def empty() -> dict:
            return {"bytes": 0, "documents": 0}
        out = {"seed": self.seed, "total": empty(),
               "splits": {s: empty() | {"genres": {g: empty() for g in GENRES}} for s in SPLITS},
               "genres": {g: empty() for g in GENRES}}
        for d in self.documents:
            n = len(d.text.encode())
            for bucket in (out["total"], out["splits"][d.split], out["splits"][d.split]["genres"][d.genre],
                           out["genres"][d.genre]):
                bucket["bytes"] += n
                bucket["documents"] += 1
        return out


def _next_genre(done: dict[str, int]) -> str:
    """The genre furthest below its share of the bytes written so far."""
    total = sum(done.values()) or 1
    return max(GENRES, key=lambda g: GENRE_SHARES[g] - done[g] / total)


def generate_corpus(seed: int = 0, target_bytes: int = 6_000_000) -> Corpus:
    """Draw documents until their text holds at least `target_bytes` bytes."""
    rng = random.Random(seed)
    done = dict.fromkeys(GENRES, 0)
    documents: list[Document] = []
    while sum(done.values()) < target_bytes:
        genre = _next_genre(done)
        if genre == "story" and rng.random() < TEST_STORY_SHARE:
            split = "test"
        else:
            split = "val" if rng.random() < VAL_SHARE else "train"
        if genre == "story":
            doc = make_story(rng, split)
        elif genre == "facts":
            doc = make_fact_page(rng, split=split)
        else:
            doc = make_chat(rng, split=split)
        assert END_OF_TEXT not in doc.text and doc.text == doc.text.strip()
        documents.append(doc)
        done[genre] += len(doc.text.encode())
    # Interleave genres the way a shuffled data loader would see them.
    rng.shuffle(documents)
    return Corpus(seed, documents)
