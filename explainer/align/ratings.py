"""The ratings file: one JSON line per rating, only ever appended to, readable after any crash.

Each rating is a prompt, two answers, which one was preferred (or none: skipped), and who
rated it: "person" (someone at the rating panel) or "program" (the simulated rater). A line
is written with a single append and flushed to disk, so a rating either is in the file or
is not; if the app is killed in the middle of a write, the torn last line is skipped by
readers, and the next rating starts on a line of its own. The reward model reads these
pairs beside the program's, with people's weighted up.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

MAX_LINE = 20_000  # bytes: a rating is a few hundred; anything longer is not one of ours


@dataclass(frozen=True)
class Rating:
    prompt: str
    answers: tuple[str, str]
    preferred: int | None  # 0 or 1; None when the rater skipped
    who: str = "person"  # "person" or "program"
    ended: tuple[str, str] = ("eot", "eot")  # how each answer ended: "eot", "user" or "length"
    model: str = ""  # which model wrote the answers
    time: float = field(default_factory=time.time)

    def to_line(self) -> bytes:
        return (json.dumps(asdict(self), ensure_ascii=False) + "\n").encode("utf-8")

    @classmethod
    def from_dict(cls, d: dict) -> "Rating":
        answers, ended = d["answers"], d.get("ended", ["eot", "eot"])
        if not (isinstance(d["prompt"], str) and len(answers) == 2 and all(isinstance(a, str) for a in answers)
                and d.get("preferred") in (0, 1, None) and d.get("who", "person") in ("person", "program")):
            raise ValueError("not a rating")
        return cls(d["prompt"], (answers[0], answers[1]), d.get("preferred"), d.get("who", "person"),
                   (str(ended[0]), str(ended[1])), str(d.get("model", "")), float(d.get("time", 0.0)))


def append_rating(path: str | Path, rating: Rating) -> None:
    """Add one rating in one write, then flush it to disk."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = rating.to_line()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        size = os.fstat(fd).st_size
        if size:  # a line torn by a crash must not swallow this one
            with open(path, "rb") as f:
                f.seek(size - 1)
                if f.read(1) != b"\n":
                    line = b"\n" + line
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def read_ratings(path: str | Path) -> tuple[list[Rating], int]:
    """(the ratings in the file, how many lines were skipped as torn or foreign). No file: no ratings."""
    path = Path(path)
    if not path.exists():
        return [], 0
    ratings, skipped = [], 0
    with open(path, "rb") as f:
        for raw in f:
            if len(raw) > MAX_LINE or not raw.endswith(b"\n"):
                skipped += 1  # torn by a crash (no newline yet) or not ours
                continue
            try:
                ratings.append(Rating.from_dict(json.loads(raw.decode("utf-8"))))
            except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
                skipped += 1
    return ratings, skipped


def rating_pairs(ratings: list[Rating], tokenizer, person_weight: float = 3.0) -> list:
    """The preferred/other pairs of the ratings (skips left out), people's weighted up."""
    from .chat import chat_prompt
    from .reward import Pair, answer_tokens
    pairs = []
    for r in ratings:
        if r.preferred is None or r.answers[0] == r.answers[1]:
            continue
        chosen, rejected = r.preferred, 1 - r.preferred
        pairs.append(Pair(r.prompt, tuple(chat_prompt(tokenizer, r.prompt)),
                          answer_tokens(tokenizer, r.answers[chosen], r.ended[chosen]),
                          answer_tokens(tokenizer, r.answers[rejected], r.ended[rejected]),
                          person_weight if r.who == "person" else 1.0, r.who))
    return pairs
