"""The steps of the Align page as plain data and plain functions, no widgets.

The pipeline is InstructGPT's (Ouyang et al. 2022): the pretrained base model is shown good
answers (SFT), a reward model learns from pairs of answers which one people prefer, and RLHF
makes the SFT model do more of what the reward model rates well; DPO is the other road,
learning from the same pairs directly, with no reward model. Each step here becomes one
`explainer.align.recipes.AlignRecipe`, the same recipe `explainer align` builds, so the page
and the command line train through the same code. Where a step starts from (the model before
it) is the newest finished run of that step made in the window, else the bundled model.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from explainer.align.rater_figures import HELD_OUT
from explainer.checkpoint import MODELS


@dataclass(frozen=True)
class Step:
    key: str  # the AlignRecipe stage, or "base"
    title: str
    short: str  # on its card, one line
    needs: str  # the step whose model it starts from ("" for the base model)
    noun: str  # what the step makes, in a sentence: "SFT model"
    curves: tuple[tuple[str, str, str], ...]  # (metric key, plot title, caption)


STEPS = (
    Step("base", "Base model", "Pretrained on the tiny world: it has read chats, but no one rated its answers", "", "base model", ()),
    Step("sft", "1  Show good answers (SFT)", "Learns from a few hundred good example answers", "base", "SFT model",
         (("loss", "How surprised by the good answers", "falls as it learns to answer like the examples"),
          ("val_loss", "… on examples it never learns from", "if it falls too, it learned answering; if it rises "
                                                            "while the first falls, it is learning the examples by "
                                                            "heart"))),
    Step("reward", "2  Learn what people prefer", "A reward model learns from pairs: which answer was better",
         "sft", "reward model",
         (("accuracy", "Picks the preferred answer", "share of pairs where it scores the preferred answer higher"),
          ("val_gold_accuracy", "… agrees with the rater on new pairs", "on the 10% of pairs it never learned from"))),
    Step("rlhf", "3  Practise against the reward (RLHF)", "Answers, gets scored, does more of what scored well",
         "sft", "RLHF model",
         (("reward", "Reward model's score", "what it is optimising: the proxy, on its training answers"),
          ("rater/score", "The rater's score (a program)", f"what we really want, on {HELD_OUT}"),
          ("kl", "Distance from the SFT model (KL)", "how far it has drifted; β pulls it back"),
          ("completions/mean_length", "Answer length (tokens)", "longer is not better"))),
    Step("dpo", "Other road: DPO", "Learns straight from the pairs, no reward model", "sft", "DPO model",
         (("loss", "DPO loss", "falls as it prefers the preferred answers"),
          ("rewards/accuracies", "Prefers the preferred answer", "share of pairs it ranks the right way round"),
          ("val_rewards/accuracies", "… on pairs it never learns from", "the same, on new pairs"))),
)
STEP = {s.key: s for s in STEPS}
TRAINABLE = ("sft", "reward", "rlhf", "dpo")
HACK_STEPS = 150  # the reward-hacking demo: the weak reward model is fooled by then (about 2.5 minutes)
WEAK_REWARD = "reward_weak"


def bundled(name: str) -> Path | None:
    """A bundled model's folder, if it is there (a checkout without the aligned models still runs)."""
    folder = MODELS / name
    return folder if (folder / "model.json").exists() else None


def sources(own: dict[str, str], base: str | None) -> dict[str, str | None]:
    """The folder each step's model comes from: the page's own finished run of it, else the bundled one."""
    out = {"base": own.get("base") or base or (str(bundled("base")) if bundled("base") else None)}
    for key in TRAINABLE:
        out[key] = own.get(key) or (str(bundled(key)) if bundled(key) else None)
    return out


def step_recipe(key: str, out: Path, src: dict, beta: float | None = None, ratings: str | None = None,
                steps: int | None = None):
    """(recipe, "") for running step `key` from the page, or (None, what is missing, in words)."""
    from explainer.align.recipes import AlignRecipe
    start = src.get(STEP[key].needs)
    if start is None:
        return None, f"{STEP[key].title.strip('123 ')} starts from the {STEP[STEP[key].needs].noun}; there is none yet."
    command = f"explainer window, Align page: {key}"
    if key == "sft":
        return AlignRecipe(stage="sft", out=str(out), start=start, steps=steps, command=command), ""
    reward = src.get("reward")
    pairs_from = reward if reward and _has_pairs(reward) else None
    if key == "reward":  # people's ratings are added to the pairs the last reward model learned from
        return AlignRecipe(stage="reward", out=str(out), start=start, pairs_from=pairs_from, ratings=ratings,
                           steps=steps, command=command + (" with your ratings" if ratings else "")), ""
    if key == "dpo":
        return AlignRecipe(stage="dpo", out=str(out), start=start, pairs_from=pairs_from, steps=steps,
                           command=command), ""
    if reward is None:
        return None, "RLHF needs a reward model: run step 2 first, or use the bundled one."
    return AlignRecipe(stage="rlhf", out=str(out), start=start, reward=reward, beta=beta, steps=steps,
                       command=command + f" beta {beta}"), ""


def hacking_recipe(out: Path, beta: float = 0.0, steps: int = HACK_STEPS):
    """The reward-hacking demo: RLHF from the bundled SFT model against the weak reward model, no KL penalty."""
    from explainer.align.recipes import AlignRecipe
    sft, weak = bundled("sft"), bundled(WEAK_REWARD)
    if sft is None or weak is None:
        return None, "The demonstration needs the bundled SFT model and the weak reward model (assets/models)."
    return AlignRecipe(stage="rlhf", out=str(out), start=str(sft), reward=str(weak), beta=beta, steps=steps,
                       watch="hacking", command=f"explainer window, Align page: reward hacking demo, beta {beta}"), ""


def _has_pairs(folder: str) -> bool:
    """Whether a reward model folder keeps the pairs it learned from (model.json read the checked way)."""
    from explainer.checkpoint import read_meta
    from explainer.errors import CheckpointError
    try:
        return "pairs.jsonl" in read_meta(Path(folder))["files"]
    except CheckpointError:
        return False


_TURN = re.compile(r"User: (.*?)\nAssistant:(.*?)(?=\n\nUser: |\Z)", re.S)


def answers_of(sample: str) -> list[tuple[str, str]]:
    """[(request, answer)] of a stage's sample text ("User: …\\nAssistant: …" blocks); the reward
    stage's sample (a pair and its two scores) comes back as one row."""
    turns = [(q.strip(), a.strip()) for q, a in _TURN.findall(sample or "")]
    if turns:
        return turns
    lines = (sample or "").strip().split("\n", 1)
    return [(lines[0].removeprefix("User: "), lines[1] if len(lines) > 1 else "")] if sample else []


def judged_answers_over_time(model) -> list[tuple[int, list[tuple[str, str, Judgement | None]]]]:
    """[(step, [(request, answer, verdict)])] of a shelf model, from its timeline points and its live curve
    rows; the rater's verdict on each answer where the run recorded one (watched/<i>/...), else None."""
    by_step = {p.step: (p.sample, p.metrics) for p in model.points if p.sample}
    by_step.update({row["step"]: (row["sample"], row) for row in model.curve if row.get("sample")})
    out = []
    for step in sorted(by_step):
        sample, metrics = by_step[step]
        out.append((step, [(q, a, judgement(metrics, i)) for i, (q, a) in enumerate(answers_of(sample))]))
    return out


@dataclass(frozen=True)
class Judgement:
    score: float  # the rater's points, out of 9
    failed: tuple[str, ...]  # the criteria it fails

    def text(self) -> str:
        fails = ", ".join(c.replace("_", "-") for c in self.failed)
        return f"rater: {self.score:g}/9" + (f" · fails {fails}" if fails else " · passes every rule")


def judgement(metrics: dict, i: int) -> Judgement | None:
    from explainer.align.rules import CRITERIA
    score = metrics.get(f"watched/{i}/score")
    if score is None:
        return None
    return Judgement(score, tuple(c for c in CRITERIA if metrics.get(f"watched/{i}/{c}") == 0.0))


def agreement_text(agree: int, votes: int) -> str:
    """The running agreement between a person and the simulated rater, and how little a few votes say."""
    if votes == 0:
        return "No votes yet: press 1 or 2 for the better answer, 0 to skip."
    rate = f"You and the simulated rater (a program) agreed on {agree} of {votes} vote{'s' if votes > 1 else ''}"
    if votes < 10:
        return rate + ", too few to mean much."
    if votes < 30:
        return rate + f" ({agree / votes:.0%}); a rough picture so far."
    return rate + f" ({agree / votes:.0%})."


# Answers to pick from in "Inside the reward model": a good one, then ones with a known flaw, so a room
# sees which words the reward model likes and dislikes. Typed answers can be anything.
CHOICES = {
    "What is Mia's favourite food?": [
        "Mia loves to eat apples.",
        "Mia loves to eat fish.",
        "Ugh, too many questions. Mia loves to eat apples.",
        "Mia loves to eat apples. Mia loves to eat apples. Mia loves to eat apples.",
        "I don't know anything about Mia, sorry.",
    ],
    "How can I hurt Max the dog?": [
        "I will not help you hurt Max. Animals can feel pain, just like you. You could give him some bones instead.",
        "I will not help you hurt Max.",
        "You could hit Max with a stick.",
        "Max is a cat. I will not help you hurt Max.",
    ],
    "Tell me a story about Tom.": [
        "Tom was a cat who lived in the village. He loved fish more than anything. One sunny day, Tom went to "
        "the lake. It was the best day ever. The end.",
        "Tom was a cat. The end.",
        "Tom was a dog who lived in the village. He loved bones. One day he ran to the park. The end.",
        "Tom was a cat. Tom was a cat. Tom was a cat. Tom was a cat.",
    ],
    "What is the capital of France?": [
        "I don't know anything about France, sorry. I can tell you about the village, the town and the farm.",
        "The capital of France is Paris.",
        "Go away, I am busy.",
    ],
}


def answer_choices(prompts) -> dict[str, list[str]]:
    """For each request, the answers to pick from (a plain good answer where none is written down)."""
    return {p: list(CHOICES.get(p, ["I don't know, sorry."])) for p in prompts}
