"""Write a tiny-world corpus to disk: `python -m explainer.world --seed 0 --mb 6 --out DIR`.

Writes train.txt, val.txt and test.txt (documents separated by a line
"<|endoftext|>") and metadata.jsonl (one line per document, in the same
order, with its split and labels), then prints the corpus statistics.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

from .corpus import generate_corpus
from .document import END_OF_TEXT, SPLITS
from .vocabulary import world_vocabulary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m explainer.world", description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--mb", type=float, default=6.0, help="corpus size in megabytes of text (default 6)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into (created if missing)")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    corpus = generate_corpus(args.seed, int(args.mb * 1_000_000))
    seconds = time.perf_counter() - start

    args.out.mkdir(parents=True, exist_ok=True)
    for split in SPLITS:
        body = f"\n{END_OF_TEXT}\n".join(corpus.texts(split))
        (args.out / f"{split}.txt").write_text(body + "\n" if body else "", encoding="utf-8")
    with open(args.out / "metadata.jsonl", "w", encoding="utf-8") as f:
        for split in SPLITS:
            for i, doc in enumerate(corpus.split(split)):
                row = {k: v for k, v in asdict(doc).items() if k != "text"}
                row.update(index=i, bytes=len(doc.text.encode()))
                f.write(json.dumps(row) + "\n")

    stats = corpus.stats() | {"seconds": round(seconds, 2), "vocabulary": len(world_vocabulary())}
    json.dump(stats, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
