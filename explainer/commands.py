"""What the `explainer` subcommands do. Errors a person can fix are printed as one clear line."""
from __future__ import annotations

import shlex
import signal
import sys
import time
from pathlib import Path

import torch

from .checkpoint import CheckpointError
from .opening import load_model
from .sampling import Sampler, SamplerSettings, generate
from .tokenizer import TokenizerError
from .train.data import CorpusError


def fail(message: str) -> int:
    print(f"explainer: {message}", file=sys.stderr)
    return 1


def run_sample(args) -> int:
    try:
        settings = SamplerSettings(args.temperature, args.top_k, args.top_p, args.greedy)
        lm = load_model(args.model)
    except (CheckpointError, ValueError) as exc:
        return fail(str(exc))
    prompt = lm.tokenizer.encode(args.prompt) or [lm.tokenizer.eot_id]
    sys.stdout.write(args.prompt)
    pieces: list[int] = []
    for step in generate(lm.model, prompt, args.max_new, Sampler(settings, args.seed),
                         stop_tokens=[lm.tokenizer.eot_id]):
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


def run_train(args) -> int:
    """`explainer train`: the same recipe and loop as the window's Train page, with a progress bar."""
    from .train.recipes import PretrainRecipe, build_pretraining
    if args.threads:
        torch.set_num_threads(args.threads)
    minutes = args.minutes if args.minutes is not None else (None if args.steps else 3.0)
    recipe = PretrainRecipe(out=args.out, preset=args.preset, corpus=args.corpus, world_mb=args.world_mb,
                            seed=args.seed, minutes=minutes, steps=args.steps, lr=args.lr,
                            save_every_minutes=args.save_every, resume=args.resume,
                            command=shlex.join(["explainer", *args.argv]))
    try:
        trainer = build_pretraining(recipe)
    except (CorpusError, CheckpointError, TokenizerError, KeyError, ValueError) as exc:
        return fail(str(exc).strip("'\""))
    return train_with_progress_bar(trainer)


def train_with_progress_bar(trainer) -> int:
    """Pull the loop's snapshots into a tqdm bar; the first Ctrl-C asks the loop to stop after this
    step and save (so --resume can continue), a second one stops at once."""
    from .align.rater_figures import figure, is_rater_figure
    from tqdm import tqdm
    m, data = trainer.model, getattr(trainer.stage, "data", None)
    on = f" on {len(data.train):,} tokens" if data is not None else ""
    print(f"{trainer.stage.title}: {m.num_params() / 1e6:.2f}M parameters ({m.config.n_layer} layers x "
          f"{m.config.n_head} heads x {m.config.n_embd} wide){on}, {torch.get_num_threads()} threads")
    bar = tqdm(total=trainer.state.total_steps, initial=trainer.state.step, unit="step", dynamic_ncols=True)
    snap, t0 = None, time.perf_counter()

    def stop_after_this_step(signum, frame) -> None:
        bar.write("interrupted: stopping after this step and saving, so that --resume can continue "
                  "(Ctrl-C again to stop at once)")
        signal.signal(signal.SIGINT, signal.default_int_handler)
        trainer.cancel()
    previous = signal.signal(signal.SIGINT, stop_after_this_step)
    try:
        for snap in trainer.run():
            bar.total = snap.total_steps
            bar.update(snap.step - bar.n)
            if snap.step > 0:
                bar.set_postfix_str(f"loss {snap.train_loss:.3f}" + (f" val {snap.val_loss:.3f}" if snap.val_loss
                                                                     else "") + f" {snap.tokens_per_s:,.0f} tok/s")
            if snap.sample:
                bar.write(f"[step {snap.step}] {snap.sample!r}")
                sys.stdout.flush()  # so a log file shows the samples as they come
    finally:
        signal.signal(signal.SIGINT, previous)
        bar.close()
    if snap is not None and snap.stopped_reason and snap.stopped_reason != "cancelled":
        print(snap.stopped_reason, file=sys.stderr)
    shown = {k: v for k, v in (snap.metrics if snap else {}).items()
             if k not in ("loss", "val_loss") and not k.startswith("watched/")}
    print(f"saved {trainer.folder.path} after {trainer.state.step} steps ({time.perf_counter() - t0:.0f} s): " +
          ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in shown.items()))
    named = [(k, figure(k)) for k in shown if is_rater_figure(k) and figure(k) is not None]
    for key, f in named:  # a rater figure always says which requests it was measured on
        print(f"  {key}: {f.label}")
    return 0 if snap is None or not snap.stopped_reason or snap.stopped_reason == "cancelled" else 1
