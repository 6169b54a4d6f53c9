"""A folder of one model's revisions (Pythia's step0, step1000, ...) opens as that model's timeline: the
newest is loaded, every other revision is read from disk only when the timeline shows it, and each
shows exactly its own weights; the bench and `explainer sample` take such a folder too."""
import json
import shutil

import pytest
import torch

from explainer import CheckpointError, load_model
from explainer.real import hf_weights
from explainer.real import RevisionPoint
from explainer.shelf import ModelShelf

from .real_models import make_folder

pytest.importorskip("transformers")
STEPS = (0, 10, 300)


@pytest.fixture(scope="module")
def pythia(tmp_path_factory):
    """`pythia/step0`, `step10`, `step300`: one tiny GPT-NeoX at three moments (different weights)."""
    root = tmp_path_factory.mktemp("pythia")
    refs = {step: make_folder(root / f"step{step}", "gpt_neox", seed=10 + step) for step in STEPS}
    return root, refs


def logits_of(ref, ids, vocab):
    with torch.no_grad():
        return ref(torch.tensor([ids])).logits[0, :, :vocab]


def test_revisions_open_as_a_timeline_each_showing_its_own_weights(pythia, monkeypatch):
    root, refs = pythia
    reads = []
    real_read = hf_weights.read_tensors
    monkeypatch.setattr(hf_weights, "read_tensors",
                        lambda folder, *a: reads.append(folder.name) or real_read(folder, *a))
    lm = load_model(root)
    assert reads == ["step300"]  # only the newest is read; the others' headers were checked
    assert lm.info.step == 300 and lm.info.title == root.name and len(lm.info.provenance["revisions"]) == 3
    assert [p.step for p in lm.timeline] == list(STEPS)
    assert all(isinstance(p, RevisionPoint) and "state" not in vars(p) for p in lm.timeline)  # nothing held
    shelf = ModelShelf()
    shelf.add_loaded(lm, "pythia", lm.info.title, "pretrained")
    ids = lm.tokenizer.encode("Once upon a time, a cat named Tom lived in a red house.")
    vocab = lm.model.config.vocab_size
    for step in (0, 10, None):
        net = shelf.show("pythia", step)
        with torch.no_grad():
            expected = logits_of(refs[300 if step is None else step], ids, vocab)
            torch.testing.assert_close(net(torch.tensor([ids]))[0][0], expected, atol=1e-4, rtol=0)
    assert reads == ["step300", "step0", "step10"]  # each shown revision read once, when shown; the newest kept


def test_a_revision_list_names_folders_and_steps(pythia, tmp_path):
    root, _ = pythia
    for step, name in ((0, "early"), (300, "late")):
        shutil.copytree(root / f"step{step}", tmp_path / name)
    (tmp_path / "revisions.json").write_text(json.dumps({"revisions": [{"folder": "late", "step": 143000},
                                                                       {"folder": "early", "step": 0}]}))
    lm = load_model(tmp_path)
    assert [p.step for p in lm.timeline] == [0, 143000] and lm.info.step == 143000
    (tmp_path / "revisions.json").write_text(json.dumps(["early", "late"]))
    with pytest.raises(CheckpointError, match="needs a step"):
        load_model(tmp_path)
    (tmp_path / "revisions.json").write_text(json.dumps(["../early"]))
    with pytest.raises(CheckpointError, match="not a folder inside"):
        load_model(tmp_path)


def test_a_timeline_of_mixed_models_or_linked_revisions_is_refused(pythia, tmp_path):
    root, _ = pythia
    mixed = shutil.copytree(root, tmp_path / "mixed")
    config = json.loads((mixed / "step10" / "config.json").read_text())
    (mixed / "step10" / "config.json").write_text(json.dumps(config | {"layer_norm_eps": 1e-6}))
    with pytest.raises(CheckpointError, match="another model"):
        load_model(mixed)
    linked = shutil.copytree(root, tmp_path / "linked")
    shutil.rmtree(linked / "step10")
    (linked / "step10").symlink_to(root / "step10", target_is_directory=True)
    with pytest.raises(CheckpointError, match="not a folder inside it"):
        load_model(linked)
    (linked / "step10").unlink()
    damaged = linked / "step0" / "model.safetensors"
    damaged.write_bytes(damaged.read_bytes()[:1000])
    with pytest.raises(CheckpointError, match="past the end|truncated"):
        load_model(linked)


def test_the_bench_and_the_command_line_take_a_real_model_folder(pythia, capsys):
    from explainer.bench import main as bench
    from explainer.cli import main as cli
    root, _ = pythia
    bench(["forward", "--model", str(root), "--repeats", "1", "--threads", "1"])
    out = capsys.readouterr().out
    assert "GPT-NeoX" in out and "traced pattern+logit_lens" in out
    assert cli(["sample", "--model", str(root / "step300"), "--prompt", "Once", "--max-new", "5", "--greedy"]) == 0
    assert capsys.readouterr().out.startswith("Once")
