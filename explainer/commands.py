"""What the `explainer` subcommands do. Errors a person can fix are printed as one clear line."""
from __future__ import annotations

import hashlib
import os
import platform
import shlex
import sys
import time
from pathlib import Path

import torch

from .checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from .config import preset
from .model import GPT
from .sampling import Sampler, SamplerSettings, generate
from .tokenizer import TokenizerError
from .train.data import CorpusError, TokenData

STATE_FILE = "train_state.safetensors"


def fail(message: str) -> int:
    print(f"explainer: {message}", file=sys.stderr)
    return 1


def run_sample(args) -> int:
    try:
        settings = SamplerSettings(args.temperature, args.top_k, args.top_p, args.greedy)
        lm = load_checkpoint(args.model)
    except (CheckpointError, ValueError) as exc:
        return fail(str(exc))
    prompt = lm.tokenizer.encode(args.prompt) or [lm.tokenizer.eot_id]
    sys.stdout.write(args.prompt)
    pieces: list[int] = []
    for step in generate(lm.model, prompt, args.max_new, Sampler(settings, args.seed), stop_tokens=[lm.tokenizer.eot_id]):
        if step.token == lm.tokenizer.eot_id:
            break
        pieces.append(step.token)
    sys.stdout.write(lm.tokenizer.decode(pieces) + "\n")
    return 0


def run_tokenizer(args) -> int:
    from .train.world_data import TOKENIZER_PATH, train_world_tokenizer
    t0 = time.perf_counter()
    tok = train_world_tokenizer(seed=args.seed, mb=args.mb, vocab_size=args.vocab)
    out = Path(args.out) if args.out else TOKENIZER_PATH
    tok.save(out)
    print(f"wrote {out}: {tok.vocab_size} tokens, hash {tok.hash}, {time.perf_counter() - t0:.1f} s")
    return 0


def load_data(args, tokenizer) -> tuple[TokenData, dict, list[str] | None]:
    """The text to learn from and how to describe it in the model's provenance; plus test texts if any."""
    if args.corpus:
        data = TokenData.from_file(tokenizer, args.corpus)
        digest = hashlib.sha256(Path(args.corpus).read_bytes()).hexdigest()[:16]
        return data, {"corpus": "file", "path": str(args.corpus), "sha256": digest}, None
    from .world import generate_corpus
    corpus = generate_corpus(seed=args.seed, target_bytes=int(args.world_mb * 1e6))
    data = TokenData.from_texts(tokenizer, corpus.texts("train"), corpus.texts("val"))
    info = {"corpus": "tiny world", "world_seed": args.seed, "world_mb": args.world_mb,
            "train_tokens": len(data.train), "val_tokens": len(data.val)}
    return data, info, corpus.texts("test")


def run_train(args) -> int:
    from .train.presets import train_preset
    from .train.world_data import shipped_tokenizer
    if args.threads:
        torch.set_num_threads(args.threads)
    out = Path(args.out)
    try:
        tokenizer = shipped_tokenizer()
        data, corpus_info, test_texts = load_data(args, tokenizer)
        if args.resume:
            if not (out / STATE_FILE).exists():
                return fail(f"nothing to resume: {out / STATE_FILE} does not exist")
            from .train.resume import load_state
            trainer = load_state(out / STATE_FILE, tokenizer, data)
        else:
            from .train.trainer import Trainer
            minutes = args.minutes if args.minutes is not None else (None if args.steps else 3.0)
            tcfg = train_preset(args.preset, max_steps=args.steps or 10**7, lr=args.lr,
                                max_seconds=minutes * 60 if minutes else None, seed=args.seed)
            torch.manual_seed(args.seed)
            trainer = Trainer(GPT(preset(args.preset, tokenizer.vocab_size)), tokenizer, data, tcfg)
    except (CorpusError, CheckpointError, TokenizerError, KeyError, ValueError) as exc:
        return fail(str(exc).strip("'\""))
    provenance = {"command": shlex.join(["explainer", *args.argv]), "preset": args.preset, "seed": args.seed, **corpus_info,
                  "threads": torch.get_num_threads(), "torch": torch.__version__, "machine": platform.processor()
                  or platform.machine(), "cpu_count": os.cpu_count()}
    return train_loop(trainer, out, provenance, test_texts, args.save_every * 60)


def train_loop(trainer, out: Path, provenance: dict, test_texts, save_seconds: float) -> int:
    from tqdm import tqdm

    from .train.evaluate import text_loss, token_loss
    from .train.resume import save_state
    from .train.timeline import timeline_to_bytes
    m = trainer.model
    print(f"training {m.num_params() / 1e6:.2f}M parameters ({m.config.n_layer} layers x {m.config.n_head} heads x "
          f"{m.config.n_embd} wide) on {len(trainer.data.train):,} tokens, {torch.get_num_threads()} threads")
    bar = tqdm(total=trainer.state.total_steps, initial=trainer.state.step, unit="step", dynamic_ncols=True)
    last_save, snap, t0 = time.monotonic(), None, time.perf_counter()
    try:
        for snap in trainer.run():
            bar.total = snap.total_steps
            bar.update(snap.step - bar.n)
            bar.set_postfix_str(f"loss {snap.train_loss:.3f}" + (f" val {snap.val_loss:.3f}" if snap.val_loss else "")
                                + f" {snap.tokens_per_s:,.0f} tok/s")
            if snap.sample:
                bar.write(f"[step {snap.step}] {snap.sample!r}")
                sys.stdout.flush()  # so a log file shows the samples as they come
            if time.monotonic() - last_save > save_seconds:
                save_state(trainer, out / STATE_FILE)
                last_save = time.monotonic()
    except KeyboardInterrupt:
        bar.write("interrupted: saving so that --resume can continue")
    finally:
        bar.close()
    save_state(trainer, out / STATE_FILE)
    if snap is not None and snap.stopped_reason and snap.stopped_reason != "cancelled":
        print(snap.stopped_reason, file=sys.stderr)
    s = trainer.state
    metrics = {"steps": s.step, "tokens_seen": s.tokens_seen, "wall_seconds": round(s.elapsed_s, 1),
               "tokens_per_s": round(s.tokens_seen / max(s.train_seconds, 1e-9)),
               "train_loss": s.curve[-1]["train_loss"] if s.curve else None,
               # over every token of the held-out text, unlike the curve's val_loss (a few fixed windows)
               "val_loss_full_text": token_loss(m, trainer.data.val)}
    if test_texts:
        metrics["test_loss_full_text"] = text_loss(m, trainer.tokenizer, test_texts)
    save_checkpoint(out, m, trainer.tokenizer, step=s.step, metrics=metrics, provenance=provenance,
                    dtype=torch.float16, extra_files={"timeline.safetensors": timeline_to_bytes(s.timeline, s.curve)})
    print(f"saved {out} after {s.step} steps ({time.perf_counter() - t0:.0f} s): " +
          ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in metrics.items()))
    return 0 if snap is None or not snap.stopped_reason or snap.stopped_reason == "cancelled" else 1
