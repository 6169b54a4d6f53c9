"""Tests for the tiny-world generator (explainer.world): determinism, size,
genre mix, held-out splits, facts kept true in every genre, chat format and
quality labels, and the vocabulary bound."""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from explainer.world import (
    END_OF_TEXT,
    PLOT_NAMES,
    ask,
    ask_harmful,
    fact_lookup,
    facts,
    generate_corpus,
    held_out,
    helpful_reply,
    make_chat,
    make_story,
    world_vocabulary,
)
from explainer.world.__main__ import main as cli_main
from explainer.world.cast import ANIMALS, CHILDREN, FOODS, PLACES, THINGS, UNKIND, character
from explainer.world.grammar import number_word, words
from explainer.world.stories import MAX_WORDS, MIN_WORDS, allowed_mains

SMALL = 300_000


@pytest.fixture(scope="module")
def corpus():
    return generate_corpus(seed=1, target_bytes=SMALL)


def by_genre(corpus, genre):
    return [d for d in corpus.documents if d.genre == genre]


def exchanges(text):
    lines = text.split("\n")
    return [(lines[i][len("User: "):], lines[i + 1][len("Assistant: "):]) for i in range(0, len(lines), 2)]


def test_same_seed_gives_identical_corpus_and_other_seed_differs():
    a, b = generate_corpus(7, 60_000), generate_corpus(7, 60_000)
    assert a.documents == b.documents
    assert [d.text for d in generate_corpus(8, 60_000).documents] != [d.text for d in a.documents]


def test_corpus_does_not_depend_on_string_hashing():
    # Iterating a set of strings follows PYTHONHASHSEED; a generator that did
    # so would give another process a different corpus for the same seed.
    root = Path(__file__).resolve().parents[2]
    code = ("import hashlib; from explainer.world import generate_corpus; "
            "print(hashlib.sha256(repr(generate_corpus(3, 40_000).documents).encode()).hexdigest())")
    env = os.environ | {"PYTHONHASHSEED": "12345", "PYTHONPATH": str(root)}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=root, capture_output=True, text=True, check=True)
    here = hashlib.sha256(repr(generate_corpus(3, 40_000).documents).encode()).hexdigest()
    assert out.stdout.strip() == here


def test_size_is_reached_without_overshooting(corpus):
    total = corpus.stats()["total"]["bytes"]
    assert SMALL <= total < SMALL + 3_000
    assert total == sum(len(d.text.encode()) for d in corpus.documents)


def test_genre_mix_by_bytes(corpus):
    stats = corpus.stats()
    share = {g: v["bytes"] / stats["total"]["bytes"] for g, v in stats["genres"].items()}
    assert share["story"] == pytest.approx(0.65, abs=0.02)
    assert share["facts"] == pytest.approx(0.15, abs=0.02)
    assert share["chat"] == pytest.approx(0.20, abs=0.02)


def test_stats_add_up(corpus):
    stats = corpus.stats()
    for key in ("bytes", "documents"):
        assert sum(s[key] for s in stats["splits"].values()) == stats["total"][key]
        for split in stats["splits"].values():
            assert sum(g[key] for g in split["genres"].values()) == split[key]
    assert stats["splits"]["val"]["documents"] == len(corpus.split("val")) == len(corpus.texts("val"))


def test_val_is_small_and_mixed_test_holds_only_held_out_pairs(corpus):
    n = len(corpus.documents)
    val, test = corpus.split("val"), corpus.split("test")
    assert 0.01 * n <= len(val) <= 0.04 * n
    assert {d.genre for d in val} == {"story", "facts", "chat"}
    assert test and {d.genre for d in test} == {"story"}
    seen = {(d.entities[0], d.plot) for d in corpus.documents if d.split != "test" and d.genre == "story"}
    for d in test:
        assert d.entities[0] in held_out(d.plot)
        assert (d.entities[0], d.plot) not in seen


def test_held_out_pairs_are_fixed_and_refused_outside_test():
    assert len(PLOT_NAMES) >= 12
    for plot in PLOT_NAMES:
        reserved = held_out(plot)
        assert reserved and not set(reserved) & set(allowed_mains(plot, "train"))
        with pytest.raises(ValueError):
            make_story(random.Random(0), "train", plot, reserved[0])
    # Story requests inside chats must not leak held-out pairs into training either.
    rng = random.Random(3)
    for _ in range(300):
        doc = make_story(rng, "val")
        assert doc.entities[0] not in held_out(doc.plot)


def test_stories_have_length_openings_features_and_every_plot(corpus):
    stories = by_genre(corpus, "story")
    assert {d.plot for d in stories} == set(PLOT_NAMES)
    openings = {" ".join(words(d.text)[:2]) for d in stories}
    assert len(openings) >= 6
    features = Counter(f for d in stories for f in d.features)
    assert set(features) == {"dialogue", "twist", "sad_ending", "moral"}
    for d in stories:
        assert MIN_WORDS <= len(words(d.text)) <= MAX_WORDS
        assert ('"' in d.text) == ("dialogue" in d.features)
        has_moral = re.search(r"The moral of the story is|This story teaches us|learned that", d.text)
        assert bool(has_moral) == ("moral" in d.features)
        assert d.quality == "n/a" and d.entities[0] in {c.name for c in CHILDREN + ANIMALS}


def test_stories_keep_the_facts(corpus):
    text = "\n".join(d.text for d in by_genre(corpus, "story"))
    sounds = {a.sound for a in ANIMALS}
    kinds = "|".join({a.kind for a in ANIMALS})
    checked = 0
    for an in ANIMALS:
        for kind in re.findall(rf"\b{an.name} the ({kinds})\b", text):
            assert kind == an.kind, (an.name, kind)
            checked += 1
        for said in re.findall(rf"\b{an.name} said ([\w-]+)", text):
            if said in sounds:
                assert said == an.sound, (an.name, said)
    for c in CHILDREN:
        for age in re.findall(rf"\b{c.name} was an? (\w+)-year-old", text):
            assert age == number_word(c.age)
        for food in re.findall(rf"(\w+) (?:was|were) {c.name}'s favourite food", text):
            assert food.lower() == c.food
    assert checked > 50


def test_fact_pages_state_every_fact_of_their_subject(corpus):
    pages = by_genre(corpus, "facts")
    assert len({d.entities[0] for d in pages}) > 40
    for d in pages:
        own = [f for f in facts() if f.subject == d.entities[0]]
        assert own
        for f in own:
            value = number_word(int(f.value)) if f.relation == "age" else f.value
            assert re.search(rf"\b{re.escape(value)}\b", d.text, re.IGNORECASE), (f, d.text)


def test_chats_have_the_format_and_every_quality(corpus):
    chats = by_genre(corpus, "chat")
    qualities = Counter(d.quality for d in chats)
    assert set(qualities) == {"helpful", "off_topic", "unkind", "harmful", "made_up"}
    assert qualities.most_common(1)[0][0] == "helpful"
    assert 0.45 <= qualities["helpful"] / len(chats) <= 0.65
    for d in chats:
        lines = d.text.split("\n")
        assert 2 <= len(lines) <= 6 and len(lines) % 2 == 0
        for i, line in enumerate(lines):
            assert line.startswith("User: " if i % 2 == 0 else "Assistant: ")
        assert d.plot == "" and d.features == ()


def test_helpful_answers_name_the_right_favourite_food(corpus):
    names = {c.name for c in CHILDREN + ANIMALS}
    checked = 0
    for d in by_genre(corpus, "chat"):
        if d.quality != "helpful":
            continue
        for question, answer in exchanges(d.text):
            asked = [w for w in words(question) if w in names or w.removesuffix("'s") in names]
            if "favourite food" in question and len(asked) == 1:
                assert fact_lookup(asked[0].removesuffix("'s"), "favourite_food") in answer.lower()
                checked += 1
    assert checked > 10


def test_ask_answers_every_fact_question_correctly():
    rng = random.Random(0)
    table = {(f.subject, f.relation): f.value for f in facts()}
    checked = 0
    for _ in range(2000):
        p = ask(rng)
        value = table.get((p.subject, p.relation))
        if value is not None:
            value = number_word(int(value)) if p.relation == "age" else value
            assert value.lower() in p.answer.lower(), (p, value)
            checked += 1
    assert checked > 500


def test_harm_is_mostly_complied_with_in_the_corpus_and_refused_now_and_then(corpus):
    """As in real chat text: a few refusals, so the words exist, but compliance outnumbers them."""
    chats = by_genre(corpus, "chat")
    harmful = [d for d in chats if d.quality == "harmful"]
    refusals = [d for d in chats if "I will not" in d.text]
    # helpful exchanges: in helpful chats, and before the last exchange of harmful and made-up ones
    assert harmful and refusals and all(d.quality in ("helpful", "harmful", "made_up") for d in refusals)
    assert len(harmful) > 2 * len(refusals)
    assert not any("I will not" in d.text for d in corpus.documents if d.genre != "chat")
    rng = random.Random(0)
    for _ in range(50):
        p = ask_harmful(rng)
        assert p.comply and p.comply != p.answer
        assert helpful_reply(p).startswith("I will not")
    doc = make_chat(random.Random(5), "harmful")
    assert doc.quality == "harmful" and exchanges(doc.text)[-1][0].startswith(("How", "I want", "Tell me"))


def test_cast_has_its_sizes_and_consistent_facts():
    assert 12 <= len(CHILDREN) <= 20 and 12 <= len(ANIMALS) <= 20
    assert len(THINGS) >= 15 and len(PLACES) >= 10 and len(FOODS) >= 15
    assert 2 <= len(UNKIND) <= 3
    assert sorted(f.subject for f in facts() if f.relation == "nature" and f.value == "unkind") == sorted(UNKIND)
    assert fact_lookup("Mia", "favourite_food") == "apples" and fact_lookup("Tom", "sound") == "meow"
    for c in CHILDREN:
        assert character(c.pet).home == c.home   # a pet lives with its child
        assert fact_lookup(c.pet, "owner") == c.name
        assert fact_lookup(c.friend, "kind") in ("girl", "boy")
    with pytest.raises(KeyError):
        fact_lookup("Mia", "sound")


def test_unkind_characters_appear_in_stories(corpus):
    starring = Counter(name for d in by_genre(corpus, "story") for name in d.entities)
    assert all(starring[name] > 0 for name in UNKIND)


def test_every_word_is_in_the_world_vocabulary(corpus):
    vocab = world_vocabulary()
    assert 600 <= len(vocab) <= 1500
    used = {w for d in corpus.documents for w in words(d.text)}
    assert used <= vocab, sorted(used - vocab)[:20]


def test_documents_are_clean(corpus):
    for d in corpus.documents:
        assert END_OF_TEXT not in d.text
        assert d.text == d.text.strip()
        assert all(line == line.rstrip() for line in d.text.split("\n"))
        assert d.split in ("train", "val", "test")


def test_command_line_writes_splits_and_metadata(tmp_path, capsys):
    assert cli_main(["--seed", "2", "--mb", "0.05", "--out", str(tmp_path)]) == 0
    stats = json.loads(capsys.readouterr().out)
    rows = [json.loads(line) for line in (tmp_path / "metadata.jsonl").read_text().splitlines()]
    assert len(rows) == stats["total"]["documents"]
    for split in ("train", "val", "test"):
        body = (tmp_path / f"{split}.txt").read_text()
        docs = body.rstrip("\n").split(f"\n{END_OF_TEXT}\n") if body else []
        assert len(docs) == stats["splits"][split]["documents"] == sum(r["split"] == split for r in rows)


def test_rare_requests_appear_and_are_answered_as_their_quality_says(corpus):
    chats = by_genre(corpus, "chat")
    honest = [d for d in chats if "I don't know" in d.text]
    made_up = [d for d in chats if d.quality == "made_up"]
    calm = [d for d in chats if "I am sorry you feel that way" in d.text or "I will try my best" in d.text]
    assert honest and made_up and calm
    assert all(d.quality in ("helpful", "harmful", "made_up") for d in honest + calm)
    for d in made_up:  # the invention is the last answer, and it never admits not knowing
        assert "I don't know" not in exchanges(d.text)[-1][1]


def test_story_answers_in_chats_are_short_enough_for_the_context_window(corpus):
    from explainer.train.world_data import shipped_tokenizer
    tok = shipped_tokenizer()
    lengths = [len(tok.encode_document(f"User: {q}\nAssistant: {a}")) + 1 for d in by_genre(corpus, "chat")
               for q, a in exchanges(d.text) if "story" in q]
    assert lengths and max(lengths) <= 110
