"""A Hugging Face folder from someone else: every hostile kind is refused in words, before anything
large is built; pickles are refused with the way to convert them; nothing outside the folder is read."""
import json
import os
import shutil
import struct

import pytest
import torch
from safetensors.torch import save_file

import explainer.real.load as real_load
from explainer import CheckpointError, load_model

from .real_models import make_folder
from .test_hostile_folders import opened  # noqa: F401 - the fixture that records every path opened

pytest.importorskip("transformers")


@pytest.fixture(scope="module")
def originals(tmp_path_factory):
    out = {}
    for arch in ("gpt2", "gpt_neo", "gpt_neox"):
        out[arch] = tmp_path_factory.mktemp(arch)
        make_folder(out[arch], arch, seed=3)
    return out


@pytest.fixture(params=["gpt2", "gpt_neo", "gpt_neox"])
def folder(request, originals, tmp_path):
    return shutil.copytree(originals[request.param], tmp_path / request.param)


@pytest.fixture
def gpt2(originals, tmp_path):
    return shutil.copytree(originals["gpt2"], tmp_path / "gpt2")


def config_of(folder):
    return json.loads((folder / "config.json").read_text())


def write_config(folder, config):
    (folder / "config.json").write_text(json.dumps(config))


def refused(folder, match):
    with pytest.raises(CheckpointError, match=match):
        load_model(folder)


def size_keys(folder):
    """layers, width, vocabulary, context, heads: as each architecture's config.json names them."""
    return {"gpt2": ("n_layer", "n_embd", "vocab_size", "n_positions", "n_head"),
            "gpt_neo": ("num_layers", "hidden_size", "vocab_size", "max_position_embeddings", "num_heads"),
            "gpt_neox": ("num_hidden_layers", "hidden_size", "vocab_size", "max_position_embeddings",
                         "num_attention_heads")}[config_of(folder)["model_type"]]


@pytest.mark.parametrize("which,value", [(0, 10 ** 6), (1, 10 ** 8), (2, 10 ** 10), (3, 10 ** 9), (1, 2048)])
def test_absurd_sizes_are_refused_before_anything_is_built(folder, monkeypatch, which, value):
    built = []
    monkeypatch.setattr(real_load, "GPT", lambda *a: built.append(a))
    monkeypatch.setattr(real_load, "plan_weights", lambda *a: built.append(a))
    config = config_of(folder)
    config[size_keys(folder)[which]] = value
    if value == 2048:  # every size in bounds, the total is not: 48 layers of width 2048 with a 262k vocabulary
        config.update({size_keys(folder)[0]: 48, size_keys(folder)[2]: 262_144})
        if "attention_types" in config:
            config["attention_types"] = [[["global", "local"], 24]]
    write_config(folder, config)
    refused(folder, "small models")
    assert not built


@pytest.mark.parametrize("change,match", [
    (lambda c, k: c.update({k[0]: "2"}), "must be a whole number, not a string"),
    (lambda c, k: c.update({k[1]: 64.0}), "must be a whole number, not a number"),
    (lambda c, k: c.update({k[0]: True}), "must be a whole number, not true/false"),
    (lambda c, k: c.update(tie_word_embeddings="yes"), "must be true or false"),
    (lambda c, k: c.update(model_type="llama"), "reads GPT-2"),
    (lambda c, k: c.update(architectures=["GPT2ForSequenceClassification"]), "not a language model"),
    (lambda c, k: c.update({k[4]: 3}), "divisible"),
    (lambda c, k: c.update({k[0]: -1}), "must be positive"),
    (lambda c, k: c.update({k[1]: 32}), "four times|has shape"),
])
def test_a_config_with_wrong_types_or_foreign_designs_is_refused_in_words(folder, change, match):
    config = config_of(folder)
    change(config, size_keys(folder))
    write_config(folder, config)
    refused(folder, match)


def test_shape_mismatch_and_missing_or_extra_tensors_are_refused(gpt2):
    config = config_of(gpt2)
    write_config(gpt2, config | {"n_embd": 128})  # the file's matrices are 64 wide
    refused(gpt2, "more than the|has shape")
    write_config(gpt2, config | {"n_layer": 3})
    refused(gpt2, "missing")
    write_config(gpt2, config | {"n_layer": 1})
    refused(gpt2, "unexpected")


@pytest.mark.parametrize("dtype", [torch.int8, torch.float64])
def test_weights_of_a_non_float_or_double_type_are_refused(gpt2, dtype):
    from safetensors.torch import load_file
    stored = load_file(gpt2 / "model.safetensors")
    save_file({k: v.to(dtype) for k, v in stored.items()}, gpt2 / "model.safetensors")
    refused(gpt2, "must be float32, float16 or bfloat16")


def test_nan_weights_are_refused(gpt2):
    from safetensors.torch import load_file
    stored = load_file(gpt2 / "model.safetensors")
    stored["transformer.h.1.mlp.c_fc.weight"][3, 4] = float("nan")
    save_file(stored, gpt2 / "model.safetensors")
    refused(gpt2, "NaN")


def test_a_truncated_or_garbled_weights_file_is_refused(folder):
    path = folder / "model.safetensors"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    refused(folder, "past the end|truncated")
    path.write_bytes(struct.pack("<Q", 10 ** 12) + data[8:])
    refused(folder, "bad header length")
    path.write_bytes(b"\x80\x04\x95" + os.urandom(64))  # the start of a pickle
    refused(folder, "not a safetensors|bad header")


def test_an_endless_weights_file_is_refused_by_its_size_before_reading(gpt2):
    with open(gpt2 / "model.safetensors", "r+b") as f:
        f.truncate(20 * 1024 ** 3)  # 20 GB, sparse
    refused(gpt2, "more than the")


def test_a_pickled_only_folder_is_refused_with_the_way_to_convert_it(gpt2):
    (gpt2 / "model.safetensors").rename(gpt2 / "pytorch_model.bin")
    with pytest.raises(CheckpointError) as info:
        load_model(gpt2)
    message = str(info.value)
    assert "pytorch_model.bin" in message and "safe_serialization=True" in message and "pickled" in message


def test_a_shard_or_config_linked_out_of_the_folder_is_not_followed(tmp_path):
    make_folder(tmp_path / "m", "gpt2", shard="100KB")
    folder = tmp_path / "m"
    index = json.loads((folder / "model.safetensors.index.json").read_text())
    shard = sorted(set(index["weight_map"].values()))[1]
    (tmp_path / "elsewhere.safetensors").write_bytes((folder / shard).read_bytes())  # a valid file, outside
    (folder / shard).unlink()
    (folder / shard).symlink_to(tmp_path / "elsewhere.safetensors")
    refused(folder, "is a link")
    index["weight_map"]["transformer.wte.weight"] = "../elsewhere.safetensors"
    (folder / "model.safetensors.index.json").write_text(json.dumps(index))
    refused(folder, "not a safetensors file in the folder")
    (folder / "config.json").rename(tmp_path / "config.json")
    (folder / "config.json").symlink_to(tmp_path / "config.json")
    refused(folder, "is a link")


def test_a_tokenizer_that_is_missing_foreign_or_too_small_is_refused(gpt2):
    from tokenizers import Tokenizer, models, pre_tokenizers
    text = (gpt2 / "tokenizer.json").read_text()
    wordpiece = Tokenizer(models.WordPiece({"[UNK]": 0, "hello": 1, "##s": 2}, unk_token="[UNK]"))
    wordpiece.pre_tokenizer = pre_tokenizers.Whitespace()
    wordpiece.save(str(gpt2 / "tokenizer.json"))
    refused(gpt2, "byte-level BPE")
    (gpt2 / "tokenizer.json").write_text(text)
    write_config(gpt2, config_of(gpt2) | {"vocab_size": 100})
    refused(gpt2, "has .* tokens but the model only")
    (gpt2 / "tokenizer.json").unlink()
    refused(gpt2, "no tokenizer.json")


def test_a_linked_shard_is_refused_without_opening_what_it_points_to(tmp_path, opened):  # noqa: F811
    make_folder(tmp_path / "m", "gpt2")
    (tmp_path / "outside.safetensors").write_bytes((tmp_path / "m" / "model.safetensors").read_bytes())
    (tmp_path / "m" / "model.safetensors").unlink()
    (tmp_path / "m" / "model.safetensors").symlink_to(tmp_path / "outside.safetensors")
    opened.clear()
    refused(tmp_path / "m", "is a link")
    inside = (tmp_path / "m").resolve()
    outside = [p for p in opened if p.suffix not in (".py", ".pyc", ".so") and inside not in p.resolve().parents]
    assert not outside, f"opened outside the model folder: {outside}"


def test_configs_of_our_own_models_read_as_before_and_new_fields_are_typed():
    from explainer.config import GPTConfig
    old = {"vocab_size": 400, "block_size": 64, "n_layer": 2, "n_head": 2, "n_embd": 32}  # a model.json of before
    config = GPTConfig.from_dict(old)
    assert (config.arch, config.positions, config.tied, config.gelu, config.parallel_residual) == \
        ("explainer", "learned", True, "none", False)
    with pytest.raises(ValueError, match="arch must be a string"):
        GPTConfig.from_dict(old | {"arch": 3})
    with pytest.raises(ValueError, match="positions must be one of"):
        GPTConfig.from_dict(old | {"positions": "sinusoidal"})
    with pytest.raises(ValueError, match="rotary_dim"):
        GPTConfig.from_dict(old | {"positions": "rotary", "rotary_dim": 3})


def test_gpt_neo_layer_patterns_are_checked(originals, tmp_path):
    neo = shutil.copytree(originals["gpt_neo"], tmp_path / "neo")
    config = config_of(neo)
    for bad, match in (([[["global", "local"], 2]], "describes 4 layers"), ([[["global", "sideways"], 1]], "must be"),
                       ([[["global"], 10 ** 12]], "must be"), ("global", "must be a list")):
        write_config(neo, config | {"attention_types": bad})
        refused(neo, match)
