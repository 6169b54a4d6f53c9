"""Benchmarks that print numbers (timing goals live here, never in tests).

    python -m explainer.bench forward               traced vs plain forward pass, 128 tokens
    python -m explainer.bench forward --model PATH  the same for any model folder (GPT-2, Pythia, revisions)
    python -m explainer.bench generate              ms per token while the window fills and after it slides
    python -m explainer.bench compare               the full before/after comparison of the bundled models
    python -m explainer.bench train --preset base --seconds 60
        tokens/s and model FLOPs utilisation of the Trainer and of a plain reference loop
"""
from __future__ import annotations

import argparse
import statistics
import time

import torch

from .config import preset
from .model import GPT


def median_ms(fn, repeats: int = 30, warmup: int = 3) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def default_model(path: str | None = None) -> tuple[GPT, str]:
    if path is None:
        from .checkpoint import load_checkpoint
        return load_checkpoint("base").model, "bundled base model"
    from .opening import load_model
    t0 = time.perf_counter()
    lm = load_model(path)
    about = getattr(lm.info, "architecture", "") or "explainer"
    return lm.model, f"{path} ({about}, loaded in {time.perf_counter() - t0:.1f} s)"


def bench_forward(args) -> None:
    from .tracing import trace
    if args.threads:
        torch.set_num_threads(args.threads)
    model, what = default_model(args.model)
    repeats = args.repeats
    n = min(128, model.config.block_size)
    ids = torch.randint(0, model.config.vocab_size, (1, n)).tolist()[0]
    with torch.no_grad():
        plain = median_ms(lambda: model(torch.tensor([ids])), repeats)
    traced = {parts: median_ms(lambda: trace(model, ids, parts=parts), repeats)
              for parts in [("pattern",), ("pattern", "logit_lens"), ("pattern", "logit_lens", "mlp", "resid")]}
    print(f"model: {what}, {model.num_params() / 1e6:.2f}M parameters, {torch.get_num_threads()} threads, {n} tokens")
    print(f"forward, no tracing:           median {plain:7.2f} ms")
    for parts, ms in traced.items():
        print(f"traced {'+'.join(parts):<28} median {ms:7.2f} ms")


def bench_generate(args) -> None:
    """Token-by-token generation with the key/value cache, from one token until the window is full
    (filling), then as long again past it (sliding), for each slide stride."""
    from .sampling import Sampler, SamplerSettings, generate
    model, what = default_model()
    block = model.config.block_size
    print(f"model: {what}, context window {block} tokens, {torch.get_num_threads()} threads, "
          f"median of {args.repeats} runs")

    def per_token(prompt: list[int], n: int, slide: int | None) -> float:
        runs = []
        for r in range(args.repeats + 1):
            sampler = Sampler(SamplerSettings(temperature=1.0), seed=r)
            t0 = time.perf_counter()
            for _ in generate(model, prompt, n, sampler, slide=slide):
                pass
            runs.append((time.perf_counter() - t0) * 1000 / n)
        return statistics.median(runs[1:])  # the first run warms up
    filling = per_token([1], block - 1, None)
    print(f"filling: {filling:.2f} ms/token")
    full = list(torch.randint(3, model.config.vocab_size, (block,), generator=torch.Generator().manual_seed(0)))
    for slide in (None, 1):
        ms = per_token([int(t) for t in full], block, slide)
        name = f"slide {block // 4} tokens at once (default)" if slide is None else "slide 1 (full recompute)"
        label = "sliding" if slide is None else "sliding, exact window"
        print(f"{label}: {ms:.2f} ms/token   [{name}; {ms / filling:.2f} x filling]")


def bench_compare(args) -> None:
    """Four answers, token shift and the internals difference for one prompt, on the bundled models."""
    from .checkpoint import load_checkpoint
    from .compare import compare
    torch.set_num_threads(args.threads)
    names = [n for n in ("base", "sft", "rlhf", "dpo")]
    loaded = {n: load_checkpoint(n) for n in names}
    tok = loaded["base"].tokenizer
    models = {n: lm.model for n, lm in loaded.items()}
    prompt = "Tell me a story about Zoe."
    result = compare(models, tok, prompt)
    lengths = {n: len(a.tokens) for n, a in result.answers.items()}
    times = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        compare(models, tok, prompt)
        times.append(time.perf_counter() - t0)
    print(f"prompt {prompt!r}; answer lengths {lengths}; {torch.get_num_threads()} threads")
    print(f"full comparison (4 answers, token shift, attention, lens and weight differences): "
          f"median {statistics.median(times) * 1000:.0f} ms over {args.repeats} runs (goal under 1000 ms)")


def matmul_peak_flops(dtype: torch.dtype, n: int = 1024, seconds: float = 2.0) -> float:
    a, b = torch.randn(n, n, dtype=dtype), torch.randn(n, n, dtype=dtype)
    for _ in range(3):
        a @ b
    count, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        a @ b
        count += 1
    return 2 * n ** 3 * count / (time.perf_counter() - t0)


def bench_train(args) -> None:
    from .compute import flops_per_token
    from .reference_loop import plain_loop_tokens_per_s
    from .train.loop import Trainer
    from .train.presets import train_preset
    from .train.pretrain import PretrainStage
    from .train.world_data import world_token_data
    torch.set_num_threads(args.threads)
    data, tokenizer = world_token_data(mb=args.mb)
    cfg = preset(args.preset, tokenizer.vocab_size)
    tcfg = train_preset(args.preset, max_steps=10**7, max_seconds=args.seconds)
    peak = {d: matmul_peak_flops(getattr(torch, d)) for d in ("float32", "bfloat16")}
    torch.manual_seed(0)
    model = GPT(cfg)
    fpt = flops_per_token(cfg, model.num_params())
    trial = max(3.0, args.seconds / 8)
    options = {(d, e): plain_loop_tokens_per_s(cfg, data.train, tcfg.batch_size, trial, d, e)
               for d in ("bfloat16", "float32") for e in (True, False)}
    (best_dtype, best_explicit), _ = max(options.items(), key=lambda kv: kv[1])
    # Interleave halves (Trainer, plain, Trainer, plain) so a machine that speeds up or slows
    # down during the run (frequency, other load) affects both sides alike.
    trainer = Trainer(PretrainStage(model, tokenizer, data, tcfg), tcfg)  # no skills: the plain loop has none
    run, wall, plain_rates, snap = trainer.run(), 0.0, [], None
    for half in (1, 2):
        t0 = time.perf_counter()
        for snap in run:
            if half == 1 and trainer.state.train_seconds >= args.seconds / 2:
                break
        wall += time.perf_counter() - t0
        plain_rates.append(plain_loop_tokens_per_s(cfg, data.train, tcfg.batch_size, args.seconds / 2,
                                                   best_dtype, best_explicit))
    s = trainer.state
    ours_steps, ours_wall = s.tokens_seen / s.train_seconds, s.tokens_seen / wall
    plain = sum(plain_rates) / len(plain_rates)
    print(f"preset {args.preset}: {cfg.n_layer} layers x {cfg.n_head} heads x {cfg.n_embd} wide, context "
          f"{cfg.block_size}, {model.num_params() / 1e6:.2f}M parameters, batch {tcfg.batch_size}, "
          f"{args.threads} threads")
    print(f"machine matmul peak: float32 {peak['float32'] / 1e9:.1f} GFLOP/s, bfloat16 {peak['bfloat16'] / 1e9:.1f} GFLOP/s")
    for d, e in options:
        print(f"  plain loop trial {d:<8} {'explicit' if e else 'sdpa':<8} {options[(d, e)]:9.0f} tokens/s")
    pk = peak[tcfg.dtype]
    print(f"Trainer ({tcfg.dtype}, {cfg.attn_impl}): {ours_steps:9.0f} tokens/s in steps, {ours_wall:9.0f} tokens/s "
          f"wall (with evaluation and samples), MFU {ours_steps * fpt / pk:.1%}, {s.step} steps in {wall:.0f} s, "
          f"final train loss {snap.train_loss:.3f}")
    print(f"plain loop halves: {plain_rates[0]:.0f} and {plain_rates[1]:.0f} tokens/s")
    print(f"plain loop ({best_dtype}, {'explicit' if best_explicit else 'sdpa'}): {plain:9.0f} tokens/s, "
          f"MFU {plain * fpt / peak[best_dtype]:.1%}")
    print(f"ratio Trainer/plain: {ours_steps / plain:.2f} (steps), {ours_wall / plain:.2f} (wall)")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m explainer.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    fw = sub.add_parser("forward", help="time a traced forward pass over 128 tokens")
    fw.add_argument("--model", help="a model folder: ours, a Hugging Face one, or revisions (default: bundled base)")
    fw.add_argument("--repeats", type=int, default=30)
    fw.add_argument("--threads", type=int, default=0, help="torch threads (default: torch's own choice)")
    ge = sub.add_parser("generate", help="ms per token while the context window fills and after it slides")
    ge.add_argument("--repeats", type=int, default=5)
    co = sub.add_parser("compare", help="time the before/after comparison of the bundled models")
    co.add_argument("--repeats", type=int, default=5)
    co.add_argument("--threads", type=int, default=1, help="torch threads (the window uses 1)")
    tr = sub.add_parser("train", help="training speed against a plain reference loop")
    tr.add_argument("--preset", default="base")
    tr.add_argument("--seconds", type=float, default=60)
    tr.add_argument("--threads", type=int, default=2)
    tr.add_argument("--mb", type=float, default=2.0, help="size of the world corpus to train on")
    args = parser.parse_args(argv)
    {"forward": bench_forward, "generate": bench_generate, "compare": bench_compare,
     "train": bench_train}[args.what](args)


if __name__ == "__main__":
    main()
