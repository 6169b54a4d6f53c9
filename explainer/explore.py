"""Exploration: one prompt continued token by token, with undo, as the Explore window shows it.

The engine object behind the first screen. It owns the prompt, the tokens chosen so
far, the sampling settings, the seed and the window the model reads; what the views draw
(next-token distribution after each filter, attention patterns, logit lens, active
neurons) is computed from one traced forward pass per state by its other half,
`explore_readings.py`. Views subscribe to `changed`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

from .explore_readings import Candidate, ExplorationReadings
from .model import GPT
from .sampling import Sampler, SamplerSettings, SampleStep
from .tokenizer import Tokenizer
from .prompt_text import PromptError, TextEnded
from .prompt_text import mend_surrogates as _mend_surrogates

MAX_PROMPT_CHARS = 100_000  # beyond this the text is cut, with a message
BYTE_PIECE = re.compile(r"(<[0-9A-F]{2}>)+")  # how Tokenizer.display shows a token that is not whole characters
# A model that reads more than this many tokens (GPT-2: 1,024, Pythia: 2,048) is shown reading its
# last VIEW_TOKENS only: at 1,024 tokens GPT-2 small's 144 attention patterns alone are 600 MB and a
# pass takes seconds. Past the limit the window moves on SLIDE_TOKENS at a time, not one by one, so
# most Steps still extend the trace (growing_trace.py) instead of tracing every position again.
VIEW_TOKENS = 256
SLIDE_TOKENS = 64
__all__ = ["Candidate", "Exploration", "Generated", "PromptError", "TextEnded"]


@dataclass(frozen=True)
class Generated:
    token: int
    probability: float  # under the model's own distribution (temperature 1) when it was chosen
    how: str  # "sample", "greedy" or "chosen" (clicked by the person)


class Exploration(ExplorationReadings):
    # changes after which the trace (attention, lens, neurons) differs; "settings" only re-filters
    TRACE_CHANGES = frozenset({"prompt", "tokens", "model"})

    def __init__(self, model: GPT, tokenizer: Tokenizer, settings: SamplerSettings | None = None,
                 seed: int = 0, prompt: str = "Once upon a time") -> None:
        self.model, self.tokenizer = model.eval(), tokenizer
        self.settings, self.seed = settings or SamplerSettings(), seed
        self.prompt = ""
        self.chat_question: str | None = None  # set in chat mode: the prompt is `User: <q>\nAssistant:`
        self.prompt_tokens: list[int] = []
        self.generated: list[Generated] = []
        self.notice = ""  # a message about the last change a person should read (cut prompt, rare characters)
        self._new_tracer()
        self._listeners: list[Callable[[str], None]] = []
        self.set_prompt(prompt)

    # -- subscription -----------------------------------------------------------
    def subscribe(self, listener: Callable[[str], None]) -> None:
        """`listener(what)` is called after each change; what is "prompt", "tokens", "settings" or "model"."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[str], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    @property
    def listener_count(self) -> int:
        return len(self._listeners)

    def _changed(self, what: str) -> None:
        if what in self.TRACE_CHANGES:
            self._trace = None  # the tracer keeps the last pass: a Step or Back only extends or cuts it
        if what == "model":
            self._tracer.reset()
        for listener in list(self._listeners):
            listener(what)

    # -- state ------------------------------------------------------------------
    @property
    def tokens(self) -> list[int]:
        return self.prompt_tokens + [g.token for g in self.generated]

    @property
    def context(self) -> int:
        """The most tokens the views read: the model's context window, at most VIEW_TOKENS."""
        return min(self.model.config.block_size, VIEW_TOKENS)

    @property
    def capped(self) -> bool:
        """Whether the model could read more than the views let it (GPT-2, Pythia)."""
        return self.model.config.block_size > VIEW_TOKENS

    @property
    def window(self) -> list[int]:
        """What the model reads: the last `context` tokens (longer texts slide)."""
        return self.tokens[self.window_start:]

    @property
    def window_start(self) -> int:
        n, context = len(self.prompt_tokens) + len(self.generated), self.context
        if n <= context:
            return 0
        if not self.capped:
            return n - context  # slides token by token, as the model was trained to read
        return -(-(n - context) // SLIDE_TOKENS) * SLIDE_TOKENS  # moves on SLIDE_TOKENS at a time

    @property
    def text(self) -> str:
        return self.tokenizer.decode(self.tokens)

    def displays(self) -> list[str]:
        return self.tokenizer.displays(self.window)

    # -- changes ------------------------------------------------------------------
    def set_prompt(self, text: str) -> None:
        """Continue a plain text. Words in it that spell a role ("User:") stay words: only
        `set_chat` writes the chat format."""
        if not text or not text.strip():
            raise PromptError("Type a prompt first: the model needs at least one word to continue.")
        notes = []
        if len(text) > MAX_PROMPT_CHARS:
            text = text[-MAX_PROMPT_CHARS:]
            notes.append(f"The prompt was cut to its last {MAX_PROMPT_CHARS:,} characters.")
        text, broken = _mend_surrogates(text)
        if broken:
            notes.append(f"{broken} broken character(s) (half of a pair, from a bad copy) became �.")
        self._start(text, None, self.tokenizer.encode(text), notes)

    def set_chat(self, question: str) -> None:
        """Ask the model a question in the exact format its chats were written in:
        `User: <question>` on one line, then `Assistant:` for the model to continue."""
        question, broken = _mend_surrogates(" ".join(question.split()))
        if self.tokenizer.user_id is None:  # a real model (GPT-2, Pythia) only ever continued plain text
            raise PromptError("This model never learned a chat format (no User: token); give it a text to continue.")
        if not question:
            raise PromptError("Type a question first: the model answers what the user asks.")
        if len(question) > MAX_PROMPT_CHARS:
            raise PromptError(f"The question is {len(question):,} characters; keep it under {MAX_PROMPT_CHARS:,}.")
        notes = [f"{broken} broken character(s) (half of a pair, from a bad copy) became �."] if broken else []
        self._start(f"User: {question}\nAssistant:", question, self.tokenizer.encode_chat(question), notes)

    @property
    def chat(self) -> bool:
        return self.chat_question is not None

    def _start(self, text: str, question: str | None, tokens: list[int], notes: list[str]) -> None:
        self.prompt, self.chat_question, self.prompt_tokens, self.generated = text, question, tokens, []
        if len(tokens) > self.context and not self.capped:
            notes.append(f"The prompt is {len(tokens)} tokens long; the model reads only the last "
                         f"{self.model.config.block_size} (its context window).")
        elif len(tokens) > self.context:
            notes.append(f"The prompt is {len(tokens):,} tokens long; the views read only its last "
                         f"{len(tokens) - self.window_start} (this model could read {self.model.config.block_size:,}, "
                         f"but every view would be slow; the app reads at most {VIEW_TOKENS}).")
        # a piece of a character shows as its bytes, "<F0>"; GPT-2 also has real tokens such as "<div"
        rare = sum(1 for t in tokens if BYTE_PIECE.fullmatch(self.tokenizer.display(t)))
        if rare:
            notes.append(f"{rare} token(s) are pieces of characters the model rarely or never saw; "
                         "it reads them as raw bytes.")
        self.notice = " ".join(notes)
        self._changed("prompt")

    # -- the end of a text ---------------------------------------------------------------
    @property
    def stop_tokens(self) -> frozenset[int]:
        """End-of-text ends any text; in a chat, the model starting the next `User:` line ends its answer."""
        tok = self.tokenizer
        return frozenset({tok.eot_id, tok.user_id} if self.chat else {tok.eot_id})

    @property
    def ended(self) -> bool:
        return bool(self.generated) and self.generated[-1].token in self.stop_tokens

    @property
    def end_message(self) -> str:
        if not self.ended:
            return ""
        if self.generated[-1].token == self.tokenizer.user_id:
            return ("The answer is over: the model began a new “User:” line, writing the person's side of the "
                    "chat too. A base model has only read chats; it does not know it is one side of one. "
                    "Back removes the ending.")
        return "The model ended the text (it wrote “[end of text]”). Back removes the ending."

    def set_settings(self, settings: SamplerSettings) -> None:
        self.settings = settings
        self._changed("settings")

    def set_seed(self, seed: int) -> None:
        self.seed = int(seed)
        self._changed("settings")

    def set_model(self, model: GPT, tokenizer: Tokenizer | None = None) -> None:
        """Swap in other weights (a training snapshot, an aligned model); the text is kept."""
        self.model = model.eval()
        if tokenizer is not None and tokenizer.hash != self.tokenizer.hash:
            # another codebook: the prompt is read again with it and the old tokens are dropped (a model
            self.tokenizer, roles = tokenizer, self.chat and tokenizer.user_id is not None  # without roles: plain text)
            self.set_chat(self.chat_question) if roles else self.set_prompt(self.prompt)
        self._changed("model")

    def _append(self, step: SampleStep, how: str) -> Generated:
        if self.ended:
            raise TextEnded(self.end_message)
        g = Generated(step.token, step.probability, how)
        self.generated.append(g)
        self._changed("tokens")
        return g

    def step(self) -> Generated:
        """Draw the next token (TextEnded once the model has ended the text) with the current settings. The draw depends only on the seed and the
        position, so Back then Step gives the same token again; a new seed gives another."""
        sampler = Sampler(self.settings, seed=self.seed * 1_000_003 + len(self.tokens))
        return self._append(sampler.step(self.trace().logits[-1]), "greedy" if self.settings.greedy else "sample")

    def greedy(self) -> Generated:
        return self._append(Sampler(replace(self.settings, greedy=True)).step(self.trace().logits[-1]), "greedy")

    def choose(self, token: int) -> Generated:
        if not 0 <= token < self.tokenizer.vocab_size:
            raise ValueError(f"token {token} is not in the vocabulary")
        return self._append(Sampler(self.settings).step(self.trace().logits[-1], force=token), "chosen")

    def restore(self, written: list[tuple[int, str]], write: int = 0) -> None:
        """Put back tokens written earlier, each with how it was chosen and the chance the model gives
        it now (computed as a Step computes it), then let the model write `write` more as Step would:
        a saved scene comes back token for token. One "tokens" change for all of them."""
        listeners, self._listeners = self._listeners, []  # one redraw at the end, not one per token
        try:
            for token, how in written:
                if not 0 <= token < self.tokenizer.vocab_size:
                    raise ValueError(f"token {token} is not in this model's vocabulary")
                self._append(Sampler(self.settings).step(self.trace().logits[-1], force=token), how)
            for _ in range(write):
                if self.ended:
                    break
                self.step()
        finally:
            self._listeners = listeners
            self._changed("tokens")

    def back(self) -> bool:
        """Undo the last generated token; False when only the prompt is left."""
        if not self.generated:
            return False
        self.generated.pop()
        self._changed("tokens")
        return True
