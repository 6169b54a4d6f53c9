"""Checkpoints: round trip, atomic saves, clear refusals, and a pickle is never executed."""
import json
import pickle

import pytest
import torch

from explainer import CheckpointError, load_checkpoint, save_checkpoint
from explainer.atomic import atomic_path


def same_weights(a, b):
    return all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values()))


def test_round_trip(nano_model, small_tokenizer, tmp_path):
    save_checkpoint(tmp_path / "m", nano_model, small_tokenizer, step=12, metrics={"val_loss": 3.2},
                    provenance={"command": "test"})
    lm = load_checkpoint(tmp_path / "m")
    assert same_weights(lm.model, nano_model)
    assert lm.info.step == 12 and lm.info.metrics["val_loss"] == 3.2
    assert lm.info.config == nano_model.config
    assert lm.tokenizer.hash == small_tokenizer.hash


def test_half_precision_storage_loads_close(nano_model, small_tokenizer, tmp_path):
    save_checkpoint(tmp_path / "m", nano_model, small_tokenizer, dtype=torch.float16)
    lm = load_checkpoint(tmp_path / "m")
    for a, b in zip(lm.model.parameters(), nano_model.parameters()):
        torch.testing.assert_close(a, b, atol=1e-3, rtol=1e-3)


def test_a_second_save_replaces_files_and_keeps_one_copy(nano_model, small_tokenizer, tmp_path):
    save_checkpoint(tmp_path / "m", nano_model, small_tokenizer, step=1)
    with torch.no_grad():
        nano_model.wte.weight.add_(1.0)
    save_checkpoint(tmp_path / "m", nano_model, small_tokenizer, step=2)
    assert len(list((tmp_path / "m").glob("weights-*"))) == 1
    assert same_weights(load_checkpoint(tmp_path / "m").model, nano_model)


def test_interrupted_save_leaves_the_previous_checkpoint(nano_model, small_tokenizer, tmp_path, monkeypatch):
    save_checkpoint(tmp_path / "m", nano_model, small_tokenizer, step=1)
    before = {p.name: p.read_bytes() for p in (tmp_path / "m").iterdir()}
    with torch.no_grad():
        nano_model.wte.weight.add_(1.0)
    import explainer.checkpoint as ck

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("power cut")
    monkeypatch.setattr(ck, "atomic_write_text", crash)  # dies just before the commit point
    with pytest.raises(KeyboardInterrupt):
        save_checkpoint(tmp_path / "m", nano_model, small_tokenizer, step=2)
    lm = load_checkpoint(tmp_path / "m")
    assert lm.info.step == 1
    assert (tmp_path / "m" / "model.json").read_bytes() == before["model.json"]


def test_atomic_path_removes_the_temporary_file_on_error(tmp_path):
    (tmp_path / "f").write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(tmp_path / "f") as tmp:
            tmp.write_text("half")
            raise RuntimeError
    assert (tmp_path / "f").read_text() == "old" and len(list(tmp_path.iterdir())) == 1


def test_truncated_weights_are_refused(nano_model, small_tokenizer, tmp_path):
    save_checkpoint(tmp_path / "m", nano_model, small_tokenizer)
    w = next((tmp_path / "m").glob("weights-*"))
    w.write_bytes(w.read_bytes()[:100])
    with pytest.raises(CheckpointError, match="damaged or truncated"):
        load_checkpoint(tmp_path / "m")


class Bomb:
    def __reduce__(self):
        import os
        return (os.system, (f"touch {Bomb.marker}",))


def test_a_malicious_pickle_is_never_executed(nano_model, small_tokenizer, tmp_path):
    save_checkpoint(tmp_path / "m", nano_model, small_tokenizer)
    Bomb.marker = tmp_path / "pwned"
    payload = pickle.dumps({"wte.weight": Bomb()})
    w = next((tmp_path / "m").glob("weights-*"))
    w.write_bytes(payload)
    meta = json.loads((tmp_path / "m" / "model.json").read_text())
    import hashlib
    meta["weights_sha256"] = hashlib.sha256(payload).hexdigest()  # an attacker fixes the checksum too
    (tmp_path / "m" / "model.json").write_text(json.dumps(meta))
    with pytest.raises(CheckpointError, match="not a safetensors"):
        load_checkpoint(tmp_path / "m")
    assert not Bomb.marker.exists()


def test_torch_save_file_is_refused(nano_model, tmp_path):
    from explainer.checkpoint import load_weights
    torch.save(nano_model.state_dict(), tmp_path / "x.pt")
    with pytest.raises(CheckpointError, match="not a safetensors"):
        load_weights((tmp_path / "x.pt").read_bytes(), "x.pt")


@pytest.mark.parametrize("content,message", [
    (None, "holds no model.json"), ("{not json", "not valid JSON"), ('{"format": "other"}', "foreign"),
])
def test_foreign_or_damaged_descriptions(tmp_path, content, message):
    (tmp_path / "m").mkdir()
    if content is not None:
        (tmp_path / "m" / "model.json").write_text(content)
    with pytest.raises(CheckpointError, match=message):
        load_checkpoint(tmp_path / "m")


def test_shape_mismatch_is_refused(nano_model, small_tokenizer, tmp_path):
    save_checkpoint(tmp_path / "m", nano_model, small_tokenizer)
    meta = json.loads((tmp_path / "m" / "model.json").read_text())
    meta["config"]["n_embd"] = 64
    (tmp_path / "m" / "model.json").write_text(json.dumps(meta))
    with pytest.raises(CheckpointError, match="shape"):
        load_checkpoint(tmp_path / "m")


def test_nan_weights_are_refused(nano_model, small_tokenizer, tmp_path):
    with torch.no_grad():
        nano_model.wte.weight[0, 0] = float("nan")
    save_checkpoint(tmp_path / "m", nano_model, small_tokenizer)
    with pytest.raises(CheckpointError, match="NaN"):
        load_checkpoint(tmp_path / "m")


def test_unknown_bundled_name(tmp_path):
    with pytest.raises(CheckpointError, match="no model named"):
        load_checkpoint("definitely_not_a_model")
