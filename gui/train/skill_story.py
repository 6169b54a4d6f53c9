"""What the skill numbers of a timeline show, in sentences a presenter can read out.

Only wording: the numbers are the engine's (explainer/train/skills.py, measured at every
timeline point). Each sentence is derived from the numbers, never written for one model,
so it stays true for a run of your own: when a skill was mostly learned (the first snapshot
at or past halfway from its start to its end), one that starts high at random weights
(most tokens are whole words), one that never rises, and the case the bundled model shows:
copying by an induction head stays near its random level while bringing back names rises,
so the names come back some other way.
"""
from __future__ import annotations

FLAT = 0.1  # a skill whose values stay within this range was not learned
HIGH_START = 0.3  # a random model already scoring this much


def _values(points, key: str) -> list[tuple[int, float]]:
    return [(p.step, float(p.metrics[key])) for p in points if p.metrics.get(key) is not None]


def learned_by(values: list[tuple[int, float]]) -> int | None:
    """The first step at or past halfway from the first value to the last; None when it did not rise."""
    if len(values) < 2:
        return None
    start, end = values[0][1], values[-1][1]
    if end - start < FLAT:
        return None
    half = start + (end - start) / 2
    return next(step for step, v in values if v >= half)


def skill_line(title: str, values: list[tuple[int, float]]) -> str:
    """One sentence for one skill's curve."""
    if not values:
        return f"{title}: not measured for this text."
    start, end = values[0][1], values[-1][1]
    low, high = min(v for _, v in values), max(v for _, v in values)
    if len(values) == 1:
        return f"{title}: {end:.2f} at step {values[0][0]:,} (one snapshot so far)."
    if high - low < FLAT:
        return f"{title} stays near {end:.2f} at every snapshot: not learned."
    step = learned_by(values)
    line = f"{title}: from {start:.2f} to {end:.2f}"
    line += f", half of the rise by step {step:,}." if step is not None else f" (at most {high:.2f} on the way)."
    if start >= HIGH_START:
        line += f" It starts at {start:.2f} with random numbers, since many tokens are whole words."
    return line


def skill_notes(points, skills) -> list[str]:
    """Sentences about a timeline's skills (`skills`: explainer.train.skills.SKILLS), most telling first."""
    by_key = {s.key: _values(points, s.key) for s in skills}
    titles = {s.key: s.title for s in skills}
    notes = []
    copying, names = by_key.get("copying", []), by_key.get("names", [])
    if copying and len(copying) > 1 and names and len(names) > 1:
        copy_flat = max(v for _, v in copying) - min(v for _, v in copying) < FLAT
        names_rose = names[-1][1] - names[0][1] >= 0.3
        if copy_flat and names_rose:
            notes.append(
                f"Honestly: copying stays near {copying[-1][1]:.2f} at every snapshot. This model never grew a "
                "strong induction head, the kind that copies any sequence it has seen before. Yet “"
                f"{titles['names']}” rises from {names[0][1]:.2f} to {names[-1][1]:.2f}: it does bring back a name "
                "from earlier in its stories, a narrower skill than copying whatever came before.")
    order = sorted((k for k in by_key if by_key[k]), key=lambda k: learned_by(by_key[k]) or 10 ** 12)
    learned = [(titles[k], learned_by(by_key[k])) for k in order if learned_by(by_key[k]) is not None]
    if len(learned) >= 2:
        notes.append("In the order it learned them: " + "; ".join(f"{t.lower()} by step {s:,}" for t, s in learned)
                     + ".")
    return notes
