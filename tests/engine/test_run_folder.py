"""A run's folder: always loadable while the run goes on, after a kill, and forks leave the old run alone."""
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from explainer import load_model
from explainer.train.recipes import PretrainRecipe, build_pretraining
from explainer.train.timeline import load_timeline

ROOT = Path(__file__).resolve().parents[2]
WORDS = "Tom the cat likes fish. Mia has a red ball and a dog named Max. " * 60


@pytest.fixture
def corpus(tmp_path) -> Path:
    path = tmp_path / "mine.txt"
    path.write_text(WORDS)
    return path


def recipe(corpus, out, **over) -> PretrainRecipe:
    return PretrainRecipe(**{"out": str(out), "preset": "nano", "corpus": str(corpus), "minutes": None, "steps": 40,
                             "skills": False, **over})


def test_a_run_that_stops_being_pulled_is_already_a_loadable_model(corpus, tmp_path):
    trainer = build_pretraining(recipe(corpus, tmp_path / "run", save_every_minutes=0))  # save at every report
    run = trainer.run()
    snaps = [next(run) for _ in range(3)]  # steps 0, 10, 20; then the app is killed: nothing more runs
    run.close()
    lm = load_model(tmp_path / "run")
    assert lm.info.step == snaps[-1].step == 20 and lm.info.metrics["ended"] is False
    assert torch.equal(lm.model.wte.weight, trainer.model.wte.weight.detach().half().float())
    points, _ = load_timeline(lm)
    assert [p.step for p in points] == [0, 10]


def test_a_finished_run_records_its_full_text_losses_and_timeline(corpus, tmp_path):
    trainer = build_pretraining(recipe(corpus, tmp_path / "run"))
    last = list(trainer.run())[-1]
    assert last.done and last.metrics["val_loss_full_text"] > 0
    lm = load_model(tmp_path / "run")
    assert lm.info.metrics["ended"] is True and lm.info.step == 40
    assert [p.step for p in load_timeline(lm)[0]] == [0, 10, 30, 40]


def test_continue_training_from_a_snapshot_forks_a_new_run(corpus, tmp_path):
    list(build_pretraining(recipe(corpus, tmp_path / "old")).run())
    before = {p.name: p.read_bytes() for p in (tmp_path / "old").iterdir()}
    old_point = {p.step: p for p in load_timeline(load_model(tmp_path / "old"))[0]}[10]
    fork = build_pretraining(recipe(corpus, tmp_path / "new", start_from=str(tmp_path / "old"), start_step=10,
                                    steps=25))
    snaps = list(fork.run())
    assert snaps[0].step == 10 and snaps[0].point is not None
    for k, v in old_point.state.items():
        assert torch.equal(snaps[0].point.state[k], v.half()), k
    assert snaps[-1].step == 35 and load_model(tmp_path / "new").info.provenance["forked_from"]["step"] == 10
    assert {p.name: p.read_bytes() for p in (tmp_path / "old").iterdir()} == before  # the old run stays


@pytest.mark.slow
def test_kill_9_during_training_leaves_a_model_the_sampler_opens(corpus, tmp_path):
    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "explainer.cli", "train", "--preset", "nano", "--corpus", str(corpus),
           "--steps", "100000", "--save-every", "0.001", "--threads", "1", "--out", str(out)]
    child = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in child.stdout:  # wait until it has saved at least once, then kill it hard
            if (out / "model.json").exists() and "[step" in line:
                break
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    done = subprocess.run([sys.executable, "-m", "explainer.cli", "sample", "--model", str(out), "--max-new", "5"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert load_model(out).info.metrics["ended"] is False
