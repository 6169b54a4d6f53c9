"""A model folder from someone else: every hostile kind is refused in words, before anything
large is built, and nothing outside the folder is ever opened."""
import builtins
import io
import json
import os
from pathlib import Path

import pytest
import torch
from safetensors.torch import save as st_save

import explainer.checkpoint as ck
from explainer import CheckpointError, load_checkpoint, save_checkpoint


@pytest.fixture
def folder(tmp_path, nano_model, small_tokenizer) -> Path:
    return save_checkpoint(tmp_path / "m", nano_model, small_tokenizer, step=3)


@pytest.fixture
def opened(monkeypatch):
    """Every path any open call is given while the test runs."""
    paths = []
    real_os_open, real_open = os.open, builtins.open

    def spy_os_open(path, *args, **kwargs):
        paths.append(Path(path))
        return real_os_open(path, *args, **kwargs)

    def spy_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)):
            paths.append(Path(file))
        return real_open(file, *args, **kwargs)
    monkeypatch.setattr(os, "open", spy_os_open)
    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(io, "open", spy_open)
    return paths


def meta_of(folder: Path) -> dict:
    return json.loads((folder / "model.json").read_text())


def write_meta(folder: Path, meta) -> None:
    (folder / "model.json").write_text(json.dumps(meta))


def refused(folder: Path, match: str, opened_paths=None) -> None:
    if opened_paths is not None:
        opened_paths.clear()  # only what the loader opens counts
    with pytest.raises(CheckpointError, match=match):
        load_checkpoint(folder)
    if opened_paths is not None:
        inside = folder.resolve()
        data = [p for p in opened_paths if p.suffix not in (".py", ".pyc", ".so")]  # not Python importing itself
        outside = [p for p in data if inside not in p.resolve().parents]  # resolve(): a followed link counts
        assert not outside, f"opened outside the model folder: {outside}"


def relink(folder: Path, key: str, target: Path) -> None:
    name = meta_of(folder)["files"][key]
    (folder / name).unlink()
    (folder / name).symlink_to(target)


def test_a_linked_weights_file_is_not_followed_even_to_valid_weights(folder, tmp_path, opened):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    weights = folder / meta_of(folder)["files"]["weights"]
    (elsewhere / "w.safetensors").write_bytes(weights.read_bytes())  # a perfectly good file, outside
    relink(folder, "weights", elsewhere / "w.safetensors")
    refused(folder, "is a link", opened)


def test_a_linked_tokenizer_or_description_is_not_followed(folder, tmp_path, opened):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    relink(folder, "tokenizer", secret)
    refused(folder, "is a link", opened)
    (folder / "model.json").rename(tmp_path / "real.json")
    (folder / "model.json").symlink_to(tmp_path / "real.json")
    refused(folder, "is a link", opened)


def test_a_pipe_in_place_of_the_weights_is_refused_without_waiting(folder, opened):
    name = meta_of(folder)["files"]["weights"]
    (folder / name).unlink()
    os.mkfifo(folder / name)  # reading it would block forever
    refused(folder, "not a plain file", opened)


def test_an_endless_file_is_refused_by_its_size_before_reading(folder, opened):
    name = meta_of(folder)["files"]["weights"]
    with open(folder / name, "r+b") as f:
        f.truncate(20 * 1024 ** 3)  # 20 GB, sparse: what /dev/zero would feed a reader
    refused(folder, "more than the", opened)


@pytest.mark.parametrize("field,value", [("block_size", 10 ** 9), ("n_embd", 10 ** 8), ("n_layer", 10 ** 6),
                                         ("vocab_size", 10 ** 10)])
def test_huge_sizes_are_refused_before_anything_is_built(folder, monkeypatch, field, value):
    built = []
    monkeypatch.setattr(ck, "model_from_state", lambda *a, **k: built.append(a))
    monkeypatch.setattr(ck, "expected_shapes", lambda *a, **k: built.append(a))
    meta = meta_of(folder)
    meta["config"][field] = value
    write_meta(folder, meta)
    refused(folder, "small models")
    assert not built


def test_a_big_but_in_bounds_shape_is_refused_by_shape_without_allocating(folder):
    meta = meta_of(folder)
    meta["config"].update(n_embd=4096, n_layer=32, n_head=32)  # 6 G parameters: over the limit
    write_meta(folder, meta)
    refused(folder, "small models")
    meta["config"].update(n_embd=1024, n_layer=8, n_head=8)  # in bounds: the header's shapes disagree
    write_meta(folder, meta)
    refused(folder, "more than the|shape|does not fit")


@pytest.mark.parametrize("dtype", [torch.int8, torch.bool, torch.uint64, torch.float64])
def test_weights_of_a_non_float_or_double_type_are_refused(folder, nano_model, dtype):
    state = {k: v.detach().clone() for k, v in nano_model.state_dict().items() if k != "lm_head.weight"}
    if dtype == torch.float64:
        state = {k: v.double() for k, v in state.items()}
        state["wte.weight"][0, 0] = 1e300  # finite in float64, infinite in float32
    else:
        state = {k: v.to(dtype) for k, v in state.items()}
    data = st_save(state)
    meta = meta_of(folder)
    (folder / meta["files"]["weights"]).write_bytes(data)
    meta["weights_sha256"] = ck.sha256_bytes(data)
    write_meta(folder, meta)
    refused(folder, "must be float32, float16 or bfloat16")


@pytest.mark.parametrize("change,match", [
    (lambda m: m["config"].update(n_layer="2"), "n_layer must be a whole number"),
    (lambda m: m["config"].update(n_head=2.5), "n_head must be a whole number"),
    (lambda m: m["config"].update(bias="yes"), "bias must be true or false"),
    (lambda m: m.update(config=[1, 2]), "config is a list"),
    (lambda m: m.update(step="three"), "step is a string"),
    (lambda m: m.update(files="weights.safetensors"), "files is a string"),
    (lambda m: m.update(metrics=[0.5]), "metrics is a list"),
    (lambda m: m["files"].update(weights=["a"]), "files must name each file"),
    (lambda m: m["files"].update(weights="../../etc/passwd"), "not a file in the folder"),
])
def test_a_description_with_wrong_types_is_refused_in_words(folder, change, match):
    meta = meta_of(folder)
    change(meta)
    write_meta(folder, meta)
    refused(folder, match)


def test_deep_nesting_and_a_folder_in_place_of_the_description_are_refused(folder):
    (folder / "model.json").write_text("[" * 100_000 + "]" * 100_000)
    refused(folder, "nested too deeply|not valid JSON")
    (folder / "model.json").unlink()
    (folder / "model.json").mkdir()
    refused(folder, "not a plain file")


def test_the_command_line_reports_a_hostile_folder_the_same_way(folder, tmp_path, capsys):
    from explainer.cli import main
    relink(folder, "weights", tmp_path / "nowhere")
    assert main(["sample", "--model", str(folder)]) == 1
    assert "is a link" in capsys.readouterr().err
