"""What was learned when: a few skills measured on fixed text at every timeline point.

Loss says how surprised a model is on average; these say what it can do, so a presenter can
say "here it learned words, here it learned to copy names, here it learned facts":

- words: the share of the words it writes (fixed prompts, fixed seed) that are real words
  of the text it learns from;
- word order: the share of the word pairs it writes that occur in that text;
- names: on held-out text, how often its top guess is right where a name that appeared
  earlier in the text comes next (the tiny world only: its names are known);
- copying: the induction score of its best attention head (Olsson et al. 2022, "In-context
  learning and induction heads"): on a random token sequence shown twice, how much attention
  each token of the repeat pays to the token that followed its first occurrence. This is how
  a model copies a name it has seen earlier in the text;
- facts: the share of fact prompts ("Mia's favourite food is") it completes correctly,
  greedily (the tiny world only: its facts are known);
- punctuation: how often its top guess is right where a full stop or comma comes next, and
  starts with a capital where a new sentence begins.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import torch

from ..model import GPT
from ..sampling import Sampler, SamplerSettings, generate
from ..tokenizer import Tokenizer
from ..tracing import trace

WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
SAMPLE_PROMPTS = ("Once upon a time", "One day,", "Tom")
SAMPLE_TOKENS = 40
REPEAT_LENGTH, REPEAT_BATCH = 25, 8


@dataclass(frozen=True)
class Skill:
    key: str
    title: str
    caption: str  # one plain sentence for the window


SKILLS = (
    Skill("words", "Real words", "Of the words it writes, the share that are real words of its text."),
    Skill("word_order", "Word order", "Of the pairs of words it writes, the share that also follow each other "
                                      "in real text."),
    Skill("names", "Names from earlier", "Where a name already in the text comes next, how often it guesses "
                                         "that name."),
    Skill("copying", "Copying", "How well its best attention head copies: shown a random sequence twice, it "
                                "looks back to what came next the first time (0 to 1)."),
    Skill("facts", "Facts", "Of questions like “Mia's favourite food is …”, the share it completes correctly."),
    Skill("punctuation", "Full stops and capitals", "How often it expects a full stop or comma where one comes, "
                                                    "and a capital letter at the start of a sentence."),
)


@torch.no_grad()
def induction_scores(model: GPT, length: int = REPEAT_LENGTH, batch: int = REPEAT_BATCH, seed: int = 0) -> torch.Tensor:
    """(layers, heads): mean attention from each token of the repeat to the token after its first
    occurrence, on `batch` random sequences of `length` tokens shown twice. Near 0 for a random
    model (attention spread over up to 2 x length tokens), near 1 for a perfect induction head."""
    length = min(length, model.config.block_size // 2)
    g = torch.Generator().manual_seed(seed)
    first = torch.randint(3, model.config.vocab_size, (batch, length), generator=g)  # no special tokens
    seqs = torch.cat([first, first], dim=1)  # (B, 2L)
    scores = torch.zeros(model.config.n_layer, model.config.n_head)
    query = torch.arange(length, 2 * length)
    key = query - length + 1  # the token that followed this one last time
    for row in seqs.tolist():
        t = trace(model, row, parts=("pattern",))
        for layer in range(model.config.n_layer):
            pattern = t.pattern(layer)  # (heads, query, key)
            scores[layer] += pattern[:, query, key].mean(dim=-1)
    return scores / batch


class SkillSet:
    """The skills of one corpus, with the fixed text they are measured on."""

    def __init__(self, tokenizer: Tokenizer, held_out: torch.Tensor, real_text: str,
                 fact_prompts: list[tuple[str, str]] | None = None, names: list[str] | None = None) -> None:
        self.tokenizer = tokenizer
        self.held_out = held_out.long()
        words = WORD.findall(real_text)
        self.vocabulary = set(words)
        self.pairs = {(a.lower(), b.lower()) for a, b in zip(words, words[1:])}
        self.fact_prompts = fact_prompts or []
        # a name's first token, as it starts a word in running text
        self._names = {tokenizer.encode(" " + n)[0] for n in names or []}
        self._punct = {i for i in range(tokenizer.vocab_size)
                       if tokenizer.token_bytes(i).strip() in (b".", b",", b"!", b"?")} - {tokenizer.eot_id}

    @classmethod
    def for_corpus(cls, tokenizer: Tokenizer, data, world: bool) -> "SkillSet":
        held_out = data.val[:2048]
        real_text = tokenizer.decode(data.train[:300_000].tolist())
        if world:
            from ..world.cast import CHARACTERS
            return cls(tokenizer, held_out, real_text, world_fact_prompts(), [c.name for c in CHARACTERS])
        return cls(tokenizer, held_out, real_text)

    def keys(self) -> list[str]:
        """The skills this set measures, in the order of SKILLS."""
        absent = {"facts"} if not self.fact_prompts else set()
        absent |= {"names"} if not self._names else set()
        return [s.key for s in SKILLS if s.key not in absent]

    @torch.no_grad()
    def measure(self, model: GPT) -> dict[str, float]:
        words, word_order = self.writing(model)
        out = {"words": words, "word_order": word_order, "copying": float(induction_scores(model).max())}
        out.update(self.reading(model))
        if self.fact_prompts:
            out["facts"] = self.facts(model)
        return {k: out[k] for k in self.keys()}

    def writing(self, model: GPT) -> tuple[float, float]:
        """(share of real words, share of real word pairs) in what it writes from fixed prompts."""
        tok, real, pairs, n_words, n_pairs = self.tokenizer, 0, 0, 0, 0
        for i, prompt in enumerate(SAMPLE_PROMPTS):
            sampler = Sampler(SamplerSettings(temperature=0.8, top_k=40), seed=100 + i)
            new = [s.token for s in generate(model, tok.encode(prompt), SAMPLE_TOKENS, sampler,
                                             stop_tokens=[tok.eot_id])]
            written = WORD.findall(tok.decode(t for t in new if not tok.is_special(t)))
            real += sum(w in self.vocabulary for w in written)
            pairs += sum((a.lower(), b.lower()) in self.pairs for a, b in zip(written, written[1:]))
            n_words, n_pairs = n_words + len(written), n_pairs + max(len(written) - 1, 0)
        return (real / n_words if n_words else 0.0), (pairs / n_pairs if n_pairs else 0.0)

    def reading(self, model: GPT) -> dict[str, float]:
        """Top guesses on held-out text where punctuation, a sentence start, or an earlier name comes next."""
        T, ids, tok = model.config.block_size, self.held_out, self.tokenizer
        counts = {"punctuation": [0, 0], "names": [0, 0]}
        for start in range(0, len(ids) - T - 1, T):
            x, y = ids[start:start + T].tolist(), ids[start + 1:start + T + 1].tolist()
            guess = model(torch.tensor([x]))[0][0].argmax(-1).tolist()
            for pos, (now, target, g) in enumerate(zip(x, y, guess)):
                if target in self._punct:
                    counts["punctuation"][0] += g == target
                    counts["punctuation"][1] += 1
                elif now in self._punct and tok.token_bytes(now).strip() != b"," and _capital(tok.token_bytes(target)):
                    counts["punctuation"][0] += _capital(tok.token_bytes(g))  # a new sentence starts here
                    counts["punctuation"][1] += 1
                if target in self._names and target in x[:pos + 1]:
                    counts["names"][0] += g == target
                    counts["names"][1] += 1
        return {k: hit / n if n else 0.0 for k, (hit, n) in counts.items()}

    def facts(self, model: GPT) -> float:
        tok, right = self.tokenizer, 0
        greedy = Sampler(SamplerSettings(greedy=True))
        for prompt, value in self.fact_prompts:
            new = [s.token for s in generate(model, tok.encode(prompt), len(tok.encode(" " + value)), greedy)]
            right += tok.decode(new).startswith(" " + value)
        return right / len(self.fact_prompts)


def _capital(piece: bytes) -> bool:
    first = piece.lstrip()[:1]
    return first.isalpha() and first.isupper()


def world_fact_prompts() -> list[tuple[str, str]]:
    """(prompt, value) for facts said the way the world's fact pages say them, value last."""
    from ..world.cast import ANIMALS, CHILDREN
    prompts = []
    for c in CHILDREN:
        prompts += [(f"{c.name}'s favourite food is", c.food), (f"{c.name}'s favourite colour is", c.favourite_colour),
                    (f"{c.name}'s best friend is", c.friend)]
    prompts += [(f"{an.name} says", an.sound) for an in ANIMALS]
    return prompts
