"""RLHF by RLOO: the model answers, the reward model rates, it does more of what was rated well
(Ahmadian et al. 2024, "Back to basics: REINFORCE-style optimization for RLHF"; the KL
penalty to a reference model as in Ouyang et al. 2022 and Ziegler et al. 2019).

Each step: draw a few prompts, let the policy answer each k times, score every answer with
the reward model, and subtract beta times how far the policy has moved from the fine-tuned
model on that answer (the sum over its tokens of log pi - log pi_ref, an estimate of the KL).
Each answer's advantage is its reward minus the mean reward of the other k - 1 answers to the
same prompt (the leave-one-out baseline), and the policy's log-probability of the answer is
pushed up or down by it. Beside the reward model's score, the simulated rater's own score is
logged, on the step's training answers ("batch/rater_score") and on the held-out requests
("rater/score", explainer/align/rater_figures.py names every such figure and its set): it plays
the people, the reward model is their proxy, and when the proxy is over-optimised the two part
ways (Gao, Schulman and Hilton 2022).
"""
from __future__ import annotations

import torch

from ..model import GPT
from ..sampling import SamplerSettings
from ..tokenizer import Tokenizer
from ..train.stage import Stage
from .chat import chat_prompt, sample_batch
from .data import Request
from .checks import RaterChecks
from .rater import Rater
from .rules import MAX_POINTS
from .sequences import IGNORE, answer_logprobs, pad_pairs, token_entropy
from .watched import ROOM, WatchedAnswers



def rloo_advantages(rewards: torch.Tensor, k: int) -> torch.Tensor:
    """(N,) rewards of k answers per prompt, in prompt order -> each answer's reward minus the mean
    reward of the other k - 1 answers to its prompt (the leave-one-out baseline of RLOO)."""
    r = rewards.view(-1, k)
    baseline = (r.sum(dim=1, keepdim=True) - r) / (k - 1)
    return (r - baseline).flatten()


class RLHFStage(Stage):
    name = "rlhf"
    title = "RLHF (reinforcement learning from ratings)"

    def __init__(self, policy: GPT, reference: GPT, reward_model, tokenizer: Tokenizer, prompts: list[Request],
                 config, beta: float = 0.05, answers_per_prompt: int = 4, max_new: int = 48, checks=None,
                 watch: tuple[Request, ...] = ROOM) -> None:
        super().__init__(policy, tokenizer)
        self.reference, self.reward_model = reference, reward_model
        self.prompts, self.config, self.beta, self.k, self.max_new = prompts, config, beta, answers_per_prompt, max_new
        self.checks = checks if checks is not None else RaterChecks(tokenizer)  # the one held-out rater figure
        self.rng = torch.Generator().manual_seed(config.seed)  # which prompts
        self.sample_rng = torch.Generator().manual_seed(config.seed + 1)  # which answers
        self.rater = Rater(seed=config.seed)
        self.fixed = WatchedAnswers(tokenizer, watch)
        # the pool's last 32 were once a held-back check; they stay out of training so that runs
        # reproduce the bundled models step for step (the held-out figure is now checks': 48 requests)
        self.train_prompts = prompts[:-32] or prompts

    @torch.no_grad()
    def batch(self) -> dict:
        picks = torch.randint(len(self.train_prompts), (self.config.batch_size,), generator=self.rng).tolist()
        requests = [self.train_prompts[i] for i in picks for _ in range(self.k)]
        self.model.eval()
        sampled = sample_batch(self.model, self.tokenizer, [chat_prompt(self.tokenizer, r.text) for r in requests],
                               SamplerSettings(temperature=1.0), self.sample_rng, self.max_new)
        self.model.train()
        rows = [(list(s.prompt), list(s.tokens)) for s in sampled]
        x, y, last = pad_pairs(rows, self.tokenizer.eot_id, self.model.config.block_size)
        reward = self.reward_model(x, last)
        ref_logp, _ = answer_logprobs(self.reference, x, y)
        gold = [self.rater.judge(r, s.answer(self.tokenizer)) for r, s in zip(requests, sampled)]
        return {"x": x, "y": y, "reward": reward, "ref_logp": ref_logp, "requests": requests, "sampled": sampled,
                "rater_score": torch.tensor([v.score / MAX_POINTS for v in gold]),
                "rater_all": torch.tensor([float(v.all) for v in gold])}

    def loss(self, batch) -> tuple[torch.Tensor, dict[str, float]]:
        logits, _ = self.model(batch["x"])
        logp = torch.log_softmax(logits.float(), dim=-1)
        y = batch["y"]
        scored = y != IGNORE
        logp_answer = (logp.gather(-1, y.clamp_min(0)[..., None])[..., 0] * scored).sum(-1)  # (N,)
        kl = logp_answer.detach() - batch["ref_logp"]  # how far from the fine-tuned model, per answer
        advantage = rloo_advantages(batch["reward"] - self.beta * kl, self.k)
        loss = -(advantage * logp_answer).mean()
        lengths = scored.sum(-1).float()
        return loss, {"reward": float(batch["reward"].mean()), "reward_std": float(batch["reward"].std()),
                      "kl": float(kl.mean()), "entropy": float(token_entropy(logits.detach(), scored)),
                      "completions/mean_length": float(lengths.mean()), "batch/rater_score": float(batch["rater_score"].mean()),
                      "batch/rater_all": float(batch["rater_all"].mean())}

    def tokens_in(self, batch) -> int:
        return int((batch["y"] != IGNORE).sum())

    @torch.no_grad()
    def evaluate(self) -> dict[str, float]:
        """The reward model's score and the rater's verdicts on the same held-out requests, answered greedily:
        the proxy and the rater side by side on the one held-out set (rater_figures.HELD_OUT)."""
        measured = self.checks.measure(self.model)
        rows = [(list(a.prompt), list(a.tokens)) for a in self.checks.last_answers]
        x, y, last = pad_pairs(rows, self.tokenizer.eot_id, self.model.config.block_size)
        return {"val_reward": float(self.reward_model(x, last).mean()), **measured}

    def sample(self) -> str:
        return self.fixed.write(self.model)

    def sample_metrics(self) -> dict[str, float]:
        return dict(self.fixed.metrics)

    def point_metrics(self) -> dict[str, float]:
        return self.checks.measure(self.model) if self.checks is not None else {}

    def rng_states(self) -> dict[str, torch.Generator]:
        return {"rng": self.rng, "sample_rng": self.sample_rng}

    def describe(self) -> dict:
        return {"stage": self.name, "beta": self.beta, "answers_per_prompt": self.k, "max_new_tokens": self.max_new,
                "prompts": len(self.train_prompts)}
