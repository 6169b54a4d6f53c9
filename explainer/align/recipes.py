"""Alignment runs described by a few plain values, built in one place for the command line and the window.

`AlignRecipe(stage="sft" | "reward" | "rlhf" | "dpo", out=..., start=...)` builds the stage's
Trainer with its RunFolder, as `PretrainRecipe` does for pretraining, so `explainer align`
and the window's Align page train through the same code. The reward stage keeps the pairs
it learned from beside its model (pairs.jsonl), and DPO reads those same pairs.
"""
from __future__ import annotations

import json
import os
import platform
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import torch

from ..checkpoint import CheckpointError, load_checkpoint
from ..train.loop import TrainConfig, Trainer
from ..train.run_folder import RunFolder
from ..weights import trainable_copy

STAGES = ("sft", "reward", "rlhf", "dpo")
RLHF_BETA = 0.1  # measured: 0.02 collapsed to stock answers, 0.2 held the rater's score; 0.1 between
# DPO: beta 0.1 for 300 steps drifted (KL 4.8) into longer answers, cut off more often (well-formed -5 points,
# paired, [-6, -3]); beta 0.3 for 150 steps kept every rule's paired interval from falling below zero
DPO_BETA = 0.3
PAIRS_FILE = "pairs.jsonl"
ALIGN_PRESETS = {
    "sft": TrainConfig(batch_size=16, max_steps=300, warmup=20, lr=3e-4, min_lr=3e-5, report_every=10, eval_every=50,
                       eval_batches=1, sample_every=50),
    "reward": TrainConfig(batch_size=16, max_steps=400, warmup=20, lr=1e-4, min_lr=1e-5, report_every=10, eval_every=50,
                          eval_batches=1, sample_every=50),
    # RLHF stops at 150 steps: in a 500-step run the rater's score on held-out prompts peaked near
    # step 100 and fell after 300 while the reward kept rising (over-optimisation, docs/alignment.md)
    "rlhf": TrainConfig(batch_size=8, max_steps=150, warmup=10, lr=3e-5, min_lr=3e-5, report_every=5, eval_every=50,
                        eval_batches=1, sample_every=25),
    "dpo": TrainConfig(batch_size=16, max_steps=150, warmup=20, lr=5e-5, min_lr=5e-6, report_every=10, eval_every=50,
                       eval_batches=1, sample_every=50),
}


@dataclass(frozen=True)
class AlignRecipe:
    stage: str
    out: str
    start: str = "base"  # the model the stage starts from: the base model for SFT, the SFT model after that
    reward: str = "reward"  # RLHF: the reward model it optimises
    steps: int | None = None
    minutes: float | None = None
    seed: int = 0
    beta: float | None = None  # RLHF: KL penalty (default RLHF_BETA); DPO: its beta (default DPO_BETA)
    pairs: int = 3000  # reward / DPO: how many RL prompts are answered four times and ranked by the program
    pairs_from: str | None = None  # reward / DPO: a reward model folder whose pairs.jsonl to reuse
    ratings: str | None = None  # a ratings file of people's (and the program's) choices to add
    person_weight: float = 3.0
    reward_blocks: int | None = None  # reward: how many top blocks learn (None: all; 2 blocks reached 0.76 gold accuracy, all 0.89)
    examples: int | None = None  # SFT: how many demonstrations (default: the SFT set)
    prompts: int | None = None  # RLHF: how many RL prompts in the pool (default: the RL set)
    answers_per_prompt: int = 4
    lr: float | None = None
    checks: bool = True  # the rater's pass rates at each timeline point
    watch: str = "room"  # the requests answered at each sample: "room", or "hacking" (the demonstration's)
    save_every_minutes: float = 5.0
    resume: bool = False
    command: str = ""

    def build(self) -> Trainer:
        return build_alignment(self)


def stage_config(recipe: AlignRecipe) -> TrainConfig:
    base = ALIGN_PRESETS[recipe.stage]
    over = {"seed": recipe.seed}
    if recipe.steps:
        over["max_steps"] = recipe.steps
    if recipe.minutes:
        over.update(max_steps=10 ** 6, max_seconds=recipe.minutes * 60)
    if recipe.lr:
        over["lr"] = recipe.lr
    return replace(base, **over)


def pairs_to_bytes(pairs) -> bytes:
    return "".join(json.dumps(asdict(p)) + "\n" for p in pairs).encode()


def pairs_from_folder(folder: str | Path):
    """The pairs a reward model was trained on, read from inside its folder."""
    from ..safe_files import read_inside
    from .reward import Pair
    lm = load_checkpoint(folder)
    name = lm.info.files.get(PAIRS_FILE)
    if name is None:
        raise CheckpointError(f"{lm.path} holds no {PAIRS_FILE} (it is not a reward model trained here)")
    text = read_inside(lm.path, name, "pairs file", 200_000_000).decode("utf-8")
    fields = ("prompt_tokens", "chosen", "rejected")
    return [Pair(**{k: tuple(v) if k in fields else v for k, v in json.loads(line).items()})
            for line in text.splitlines() if line.strip()]


def build_alignment(recipe: AlignRecipe) -> Trainer:
    from .checks import RaterChecks
    from .watched import watched
    from .data import rl_prompts, sft_examples
    from .rater import Rater
    if recipe.stage not in STAGES:
        raise ValueError(f"unknown stage {recipe.stage!r}; choose one of {', '.join(STAGES)}")
    config = stage_config(recipe)
    start = load_checkpoint(recipe.start)
    tok = start.tokenizer
    checks = RaterChecks(tok) if recipe.checks else None
    policy = trainable_copy(start.model)
    extra = {}
    if recipe.stage == "sft":
        from .sft import SFTStage
        stage = SFTStage(policy, tok, sft_examples(recipe.examples), config, checks=checks)
    elif recipe.stage == "reward":
        from .ratings import rating_pairs, read_ratings
        from .reward import RewardStage, rated_pairs
        pairs = pairs_from_folder(recipe.pairs_from) if recipe.pairs_from else \
            rated_pairs(start.model, tok, rl_prompts()[:recipe.pairs], Rater(seed=recipe.seed), seed=recipe.seed)
        if recipe.ratings:
            pairs += rating_pairs(read_ratings(recipe.ratings)[0], tok, recipe.person_weight)
        stage = RewardStage(policy, tok, pairs, config, trainable_blocks=recipe.reward_blocks)
        extra[PAIRS_FILE] = pairs_to_bytes(pairs)
    elif recipe.stage == "rlhf":
        from .reward import load_reward_model
        from .rlhf import RLHFStage
        reward_model, _ = load_reward_model(recipe.reward)
        stage = RLHFStage(policy, start.model, reward_model, tok, rl_prompts(recipe.prompts), config,
                          beta=RLHF_BETA if recipe.beta is None else recipe.beta,
                          answers_per_prompt=recipe.answers_per_prompt, checks=checks, watch=watched(recipe.watch))
    else:
        from .dpo import DPOStage
        from .reward import rated_pairs
        pairs = pairs_from_folder(recipe.pairs_from) if recipe.pairs_from else \
            rated_pairs(start.model, tok, rl_prompts()[:recipe.pairs], Rater(seed=recipe.seed), seed=recipe.seed)
        stage = DPOStage(policy, start.model, tok, pairs, config, beta=DPO_BETA if recipe.beta is None else recipe.beta,
                         checks=checks)
    if extra:
        own = stage.extra_files
        stage.extra_files = lambda: {**own(), **extra}
    provenance = {"command": recipe.command, "stage": recipe.stage, "start": str(start.path), "seed": recipe.seed,
                  "threads": torch.get_num_threads(), "torch": torch.__version__,
                  "machine": platform.processor() or platform.machine(), "cpu_count": os.cpu_count()}
    if recipe.stage == "rlhf":
        provenance["reward_model"] = recipe.reward
    trainer = Trainer(stage, config, RunFolder(recipe.out, provenance, save_every_s=recipe.save_every_minutes * 60))
    if recipe.resume:
        from ..train.resume import read_state, restore_state
        from ..train.run_folder import STATE_FILE
        if not (Path(recipe.out) / STATE_FILE).exists():
            raise CheckpointError(f"nothing to resume: {Path(recipe.out) / STATE_FILE} does not exist")
        restore_state(trainer, *read_state(Path(recipe.out) / STATE_FILE), recipe.out)
    return trainer
