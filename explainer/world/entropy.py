"""An upper bound on the tiny world's entropy: how unpredictable its text is, at best.

Every random choice the generator makes is counted in nats (a uniform choice among n
things is ln n; an ordered sample of k from n is ln n!/(n-k)!; a coin flip
`random() < p` is at most ln 2). The text cannot hold more surprise than the choices
that made it, so total nats / total tokens bounds the loss a perfect model could
reach from above. (Different choices can give the same text, so the true floor may be lower.)
"""
from __future__ import annotations

import math
import random


class CountingRandom(random.Random):
    """random.Random that adds up an upper bound of the information each call draws."""

    def __init__(self, seed: int) -> None:
        self.nats = 0.0
        self._depth = 0
        super().__init__(seed)

    def _count(self, nats: float, method, *args, **kwargs):
        if self._depth == 0:
            self.nats += nats
        self._depth += 1
        try:
            return method(*args, **kwargs)
        finally:
            self._depth -= 1

    def getrandbits(self, k: int) -> int:
        # Defined only so random.Random keeps drawing integers with getrandbits, as the plain
        # class does; overriding random() alone would switch it to another method and stream.
        return super().getrandbits(k)

    def random(self) -> float:
        # used for coin flips (`< p`) and, in two places, a 3-5 way weighted roll
        return self._count(math.log(2), super().random)

    def choice(self, seq):
        return self._count(math.log(len(seq)), super().choice, seq)

    def choices(self, population, weights=None, *, cum_weights=None, k=1):
        n = len(population)
        if weights is not None:
            total = sum(weights)
            h = -sum(w / total * math.log(w / total) for w in weights if w > 0)
        else:
            h = math.log(n)
        return self._count(k * h, super().choices, population, weights, cum_weights=cum_weights, k=k)

    def sample(self, population, k, **kwargs):
        n = len(population)
        return self._count(math.lgamma(n + 1) - math.lgamma(n - k + 1), super().sample, population, k, **kwargs)

    def shuffle(self, x) -> None:
        return self._count(math.lgamma(len(x) + 1), super().shuffle, x)

    def randrange(self, start, stop=None, step=1):
        n = start if stop is None else len(range(start, stop, step))
        return self._count(math.log(n), super().randrange, start, stop, step)


def entropy_bound(tokenizer, seed: int = 0, documents: int = 2000) -> float:
    """Nats per token (end-of-text tokens included) of `documents` freshly generated documents."""
    from .corpus import make_chat, make_fact_page, make_story
    rng = CountingRandom(seed)
    makers = [make_story, make_fact_page, make_chat]  # the corpus holds about as many of each
    tokens = 0
    for i in range(documents):
        doc = makers[i % len(makers)](rng)
        tokens += len(tokenizer.encode_document(doc.text)) + 1
    return rng.nats / tokens
