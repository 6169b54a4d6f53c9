"""A pretraining run described by a few plain values, and built from them in one place.

`explainer train` and the window's Train page both describe a run as a `PretrainRecipe`
(picklable, so a worker process can build the run itself) and call `build_pretraining`.
So the command line and the window train through the same code: the same data, model,
settings, skills, saving and provenance.
"""
from __future__ import annotations

import hashlib
import os
import platform
from dataclasses import dataclass
from pathlib import Path

import torch

from ..checkpoint import CheckpointError, load_checkpoint
from ..config import preset
from ..model import GPT
from ..tokenizer import Tokenizer
from .data import CorpusError, TokenData, read_text_corpus
from .loop import Trainer
from .presets import train_preset
from .pretrain import PretrainStage
from .run_folder import RunFolder


@dataclass(frozen=True)
class PretrainRecipe:
    out: str  # the run's folder
    preset: str = "live"
    corpus: str | None = None  # a UTF-8 text file of the person's own; None: the tiny world
    own_tokenizer: bool = False  # with a corpus file: train a tokenizer on it instead of the shipped one
    world_mb: float = 6.0
    seed: int = 0
    minutes: float | None = 3.0
    steps: int | None = None  # a step budget instead of a time budget
    lr: float | None = None
    save_every_minutes: float = 5.0
    resume: bool = False  # continue the run saved in `out`
    start_from: str | None = None  # fork: a model folder whose timeline holds the starting weights
    start_step: int | None = None  # which timeline step of it (None: its final weights)
    skills: bool = True  # measure the skills at every timeline point
    command: str = ""  # recorded in the provenance

    def build(self) -> Trainer:
        return build_pretraining(self)


def corpus_data(recipe: PretrainRecipe, tokenizer: Tokenizer | None) -> tuple[TokenData, Tokenizer, dict, list | None]:
    """(token data, tokenizer, how to describe the text in provenance, held-out test texts or None)."""
    from .world_data import shipped_tokenizer
    if recipe.corpus:
        if tokenizer is None:
            if recipe.own_tokenizer:
                tokenizer = Tokenizer.train(read_text_corpus(recipe.corpus), vocab_size=2048)
            else:
                tokenizer = shipped_tokenizer()
        data = TokenData.from_file(tokenizer, recipe.corpus)
        digest = hashlib.sha256(Path(recipe.corpus).read_bytes()).hexdigest()[:16]
        return data, tokenizer, {"corpus": "file", "path": str(recipe.corpus), "sha256": digest}, None
    from ..world import generate_corpus
    tokenizer = tokenizer or shipped_tokenizer()
    corpus = generate_corpus(seed=recipe.seed, target_bytes=int(recipe.world_mb * 1e6))
    data = TokenData.from_texts(tokenizer, corpus.texts("train"), corpus.texts("val"))
    info = {"corpus": "tiny world", "world_seed": recipe.seed, "world_mb": recipe.world_mb}
    return data, tokenizer, info, corpus.texts("test")


def build_pretraining(recipe: PretrainRecipe) -> Trainer:
    """The Trainer (with its RunFolder) for a recipe. Raises CorpusError, CheckpointError or
    ValueError with a message a person can act on."""
    from .resume import read_state, restore_state, train_config_of
    from .run_folder import STATE_FILE
    out = Path(recipe.out)
    start = load_checkpoint(recipe.start_from) if recipe.start_from else None
    saved = None
    if recipe.resume:
        if not (out / STATE_FILE).exists():
            raise CorpusError(f"nothing to resume: {out / STATE_FILE} does not exist")
        saved = read_state(out / STATE_FILE)
    data, tokenizer, corpus_info, test_texts = corpus_data(recipe, start.tokenizer if start else None)
    if saved is not None:
        tcfg = train_config_of(saved[0])
        from ..config import GPTConfig
        model = GPT(GPTConfig.from_dict(saved[0]["model_config"]))
    else:
        minutes = recipe.minutes if recipe.steps is None else None
        tcfg = train_preset(recipe.preset, max_steps=recipe.steps or 10 ** 7, lr=recipe.lr,
                            max_seconds=minutes * 60 if minutes else None, seed=recipe.seed)
        torch.manual_seed(recipe.seed)
        model = GPT(start.info.config if start else preset(recipe.preset, tokenizer.vocab_size))
    skills = None
    if recipe.skills:
        from .skills import SkillSet
        skills = SkillSet.for_corpus(tokenizer, data, world=recipe.corpus is None)
    stage = PretrainStage(model, tokenizer, data, tcfg, skills=skills, test_texts=test_texts)
    provenance = {"command": recipe.command, "preset": recipe.preset, "seed": recipe.seed, **corpus_info,
                  "threads": torch.get_num_threads(), "torch": torch.__version__,
                  "machine": platform.processor() or platform.machine(), "cpu_count": os.cpu_count()}
    if start is not None:
        provenance["forked_from"] = {"model": str(start.path), "step": recipe.start_step}
    folder = RunFolder(out, provenance, save_every_s=recipe.save_every_minutes * 60)
    trainer = Trainer(stage, tcfg, folder)
    if saved is not None:
        restore_state(trainer, *saved, str(out / STATE_FILE))
    elif start is not None:
        fork_from(trainer, start, recipe.start_step)
    return trainer


def fork_from(trainer: Trainer, start, step: int | None) -> None:
    """Start a new run from a saved model's weights at one of its timeline steps (the old run stays
    as it was). The step count and tokens seen carry on from there, so the new timeline continues
    the old one; the optimizer starts fresh, with its own short warm-up."""
    from ..weights import apply_state, saved_state
    from .timeline import load_timeline
    if step is None:
        state, tokens = saved_state(start.model), int(start.info.metrics.get("tokens_seen", 0))
        step = start.info.step
    else:
        points = {p.step: p for p in load_timeline(start)[0]}
        if step not in points:
            raise CheckpointError(f"{start.path} has no timeline point at step {step}; it has {sorted(points)}")
        state, tokens = points[step].state, points[step].tokens_seen
    apply_state(trainer.model, state, f"{start.path} at step {step}")
    s = trainer.state
    s.step = s.start_step = step
    s.tokens_seen = tokens
    s.total_steps = step + trainer.config.max_steps
    trainer._last_good = trainer._copy_weights(), step

