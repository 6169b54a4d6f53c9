"""Before and after: the same prompt answered by several models, down to the token and inside the model.

- `answer`: one model's answer to a chat prompt with a fixed seed (the same seed for every model); a
  model that never learned a chat format (GPT-2, Pythia: no User: token) continues the prompt as plain text.
- `token_shift`: for each token of an aligned model's answer, where the base model ranked that token
  at that point given the same text so far (Lin et al. 2024, "The Unlocking Spell on Base LLMs",
  AlignTDS): the base model's own top choice ("unshifted"), in its top three ("marginal"), or a real
  departure ("shifted"); with both models' next-token distributions there, for the window's bars.
- `attention_change`: per layer and head, how much the attention pattern over the same text moved
  (the mean over query tokens of half the L1 distance between the two rows: 0 = the same, 1 = disjoint).
- `lens_change`: per layer, how often the logit lens's top guess differs between the two models at
  the shifted tokens, and the mean KL between their lens distributions there.
- `weight_change`: per layer (and the embeddings), how far the weights moved: ||W_a - W_b|| / ||W_b||.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from .model import GPT
from .sampling import Sampler, SamplerSettings, generate
from .tokenizer import Tokenizer
from .tracing import trace

CLASSES = ("unshifted", "marginal", "shifted")
MARGINAL_TOP = 3  # AlignTDS: a token in the base model's top three (but not first) is a marginal shift
MAX_ANSWER = 64


@dataclass(frozen=True)
class ModelAnswer:
    name: str
    prompt: tuple[int, ...]
    tokens: tuple[int, ...]  # the answer, with its stop token when it had one
    ended: str  # "eot", "user" or "length"


@dataclass(frozen=True)
class TokenShift:
    tokens: tuple[int, ...]  # the aligned answer
    base_rank: tuple[int, ...]  # 0 = the base model's top choice at that point
    classes: tuple[str, ...]  # per token: "unshifted", "marginal" or "shifted"
    base_probs: torch.Tensor  # (T, vocab) the base model's next-token distribution before each token
    aligned_probs: torch.Tensor  # (T, vocab) the aligned model's

    def counts(self) -> dict[str, int]:
        return {c: self.classes.count(c) for c in CLASSES}

    def shifted_positions(self) -> list[int]:
        return [i for i, c in enumerate(self.classes) if c == "shifted"]


def answer(model: GPT, tokenizer: Tokenizer, prompt: str, seed: int = 0, settings: SamplerSettings | None = None,
           name: str = "", max_new: int = MAX_ANSWER) -> ModelAnswer:
    """A model's answer to `prompt` in the chat format, drawn with `seed` (greedy by default); the prompt's
    plain-text continuation for a tokenizer without chat roles."""
    settings = settings or SamplerSettings(greedy=True)
    chats = tokenizer.user_id is not None
    ids = tokenizer.encode_chat(prompt) if chats else tokenizer.encode(prompt)
    max_new = min(max_new, model.config.block_size - len(ids))
    stops = (tokenizer.eot_id, tokenizer.user_id) if chats else (tokenizer.eot_id,)
    new = [s.token for s in generate(model, ids, max_new, Sampler(settings, seed=seed), stop_tokens=stops)]
    ended = "eot" if new and new[-1] == tokenizer.eot_id else "user" if new and new[-1] == tokenizer.user_id \
        else "length"
    return ModelAnswer(name, tuple(ids), tuple(new), ended)


@torch.no_grad()
def next_token_probs(model: GPT, prompt: tuple[int, ...], tokens: tuple[int, ...]) -> torch.Tensor:
    """(T, vocab): the model's distribution for each answer token, given the prompt and the answer before it."""
    seq = list(prompt) + list(tokens)
    logits, _ = model(torch.tensor([seq[:-1]]))
    return torch.softmax(logits[0, len(prompt) - 1:].float(), dim=-1)


def token_shift(base: GPT, aligned: GPT, a: ModelAnswer) -> TokenShift:
    """Where the base model ranked each token the aligned model wrote."""
    base_p = next_token_probs(base, a.prompt, a.tokens)
    aligned_p = next_token_probs(aligned, a.prompt, a.tokens)
    picked = torch.tensor(a.tokens)
    own = base_p[torch.arange(len(picked)), picked]
    # rank = how many tokens the base model liked more (ties broken towards the lower id, as rank_tokens does)
    ids = torch.arange(base_p.size(1))
    better = (base_p > own[:, None]) | ((base_p == own[:, None]) & (ids[None] < picked[:, None]))
    ranks = better.sum(dim=1).tolist()
    classes = tuple("unshifted" if r == 0 else "marginal" if r < MARGINAL_TOP else "shifted" for r in ranks)
    return TokenShift(a.tokens, tuple(ranks), classes, base_p, aligned_p)


@torch.no_grad()
def attention_change(base: GPT, aligned: GPT, tokens: list[int]) -> torch.Tensor:
    """(layers, heads): mean over query tokens of the total-variation distance between the two patterns."""
    tb, ta = trace(base, tokens, parts=("pattern",)), trace(aligned, tokens, parts=("pattern",))
    return torch.stack([0.5 * (tb.pattern(l) - ta.pattern(l)).abs().sum(-1).mean(-1)
                        for l in range(base.config.n_layer)])


@torch.no_grad()
def lens_change(base: GPT, aligned: GPT, tokens: list[int], positions: list[int]) -> dict[str, torch.Tensor]:
    """Per layer, at `positions` (indices into `tokens` whose next token is looked at): the share where the
    two models' lens guesses differ, and the mean KL(aligned || base) of the lens distributions."""
    if not positions:
        zeros = torch.zeros(base.config.n_layer)
        return {"top_differs": zeros, "kl": zeros}
    b, a = lens_at(base, tokens, positions), lens_at(aligned, tokens, positions)  # (L, P, vocab)
    differs = (b.argmax(-1) != a.argmax(-1)).float().mean(-1)
    kl = (a * (a.clamp_min(1e-12).log() - b.clamp_min(1e-12).log())).sum(-1).mean(-1)
    return {"top_differs": differs, "kl": kl}


@torch.no_grad()
def lens_at(model: GPT, tokens: list[int], positions: list[int]) -> torch.Tensor:
    """(layers, len(positions), vocab): the logit lens at those positions only, as `trace(..., "logit_lens")`
    computes it at every one (a real model's 50,257-token table at every position costs seconds)."""
    t = trace(model, tokens, parts=("resid",))
    resid = torch.stack([t["resid_post", l][positions] for l in range(model.config.n_layer)])  # (L, P, C)
    return torch.softmax(model.unembed(resid).float(), dim=-1)


@torch.no_grad()
def weight_change(base: GPT, aligned: GPT) -> dict[str, float]:
    """How far each part's weights moved, relative to the base model's: embeddings, layer 1..n, final norm."""
    groups: dict[str, list[str]] = {"embeddings": ["wte.", "wpe."], "final norm": ["ln_f."]}
    for l in range(base.config.n_layer):
        groups[f"layer {l + 1}"] = [f"blocks.{l}."]
    sb, sa = base.state_dict(), aligned.state_dict()
    out = {}
    for name, prefixes in groups.items():
        keys = [k for k in sb if any(k.startswith(p) for p in prefixes)]
        diff = sum(float((sa[k].float() - sb[k].float()).pow(2).sum()) for k in keys)
        norm = sum(float(sb[k].float().pow(2).sum()) for k in keys)
        out[name] = (diff / norm) ** 0.5 if norm else 0.0
    return out


@dataclass
class Comparison:
    prompt: str
    answers: dict[str, ModelAnswer]
    shifts: dict[str, TokenShift]  # for every model but the base
    attention: dict[str, torch.Tensor]  # model -> (layers, heads) change against the base
    lens: dict[str, dict[str, torch.Tensor]]
    weights: dict[str, dict[str, float]]


def compare(models: dict[str, GPT], tokenizer: Tokenizer, prompt: str, seed: int = 0, base: str = "base",
            settings: SamplerSettings | None = None) -> Comparison:
    """Every model's answer to one prompt with one seed, and each aligned model against the base: token
    shift on its own answer, and the internals on that same text."""
    answers = {n: answer(m, tokenizer, prompt, seed, settings, n) for n, m in models.items()}
    shifts, attention, lens, weights = {}, {}, {}, {}
    for name, model in models.items():
        if name == base:
            continue
        a = answers[name]
        shifts[name] = token_shift(models[base], model, a)
        text = (list(a.prompt) + list(a.tokens))[:model.config.block_size]
        attention[name] = attention_change(models[base], model, text)
        positions = [len(a.prompt) - 1 + i for i in shifts[name].shifted_positions() if len(a.prompt) - 1 + i < len(text)]
        lens[name] = lens_change(models[base], model, text, positions)
        weights[name] = weight_change(models[base], model)
    return Comparison(prompt, answers, shifts, attention, lens, weights)
