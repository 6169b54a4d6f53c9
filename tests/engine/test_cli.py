"""The command line: sampling is reproducible, a person's own text trains, bad corpora get clear messages."""
import pytest

from explainer import load_model
from explainer.cli import main
from explainer.train import data as data_module

WORDS = "Tom the cat likes fish. Mia has a red ball and a dog named Max. " * 60


def write(tmp_path, name, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.fixture
def trained(tmp_path):
    corpus = write(tmp_path, "mine.txt", WORDS.encode())
    assert main(["train", "--preset", "nano", "--steps", "20", "--corpus", str(corpus),
                 "--out", str(tmp_path / "m"), "--threads", "1"]) == 0
    return tmp_path / "m"


def test_training_on_my_own_text_writes_a_loadable_model(trained):
    lm = load_model(trained)
    assert lm.info.step == 20
    assert lm.info.provenance["corpus"] == "file" and "--corpus" in lm.info.provenance["command"]
    assert lm.info.metrics["val_loss_full_text"] > 0
    assert not (trained / "train_state.safetensors").stat().st_size == 0


def test_sample_is_reproducible(trained, capsys):
    args = ["sample", "--model", str(trained), "--prompt", "Tom", "--seed", "3", "--max-new", "15", "--temperature", "1.5"]
    main(args)
    first = capsys.readouterr().out
    main(args)
    assert capsys.readouterr().out == first and first.startswith("Tom")


@pytest.mark.parametrize("content,message", [
    (b"", "is empty"),
    (b"\x00\x01\x02binary" * 100, "binary"),
    ("caf\u00e9 ".encode("latin-1") * 500, "not UTF-8"),
    (b"short text", "at least"),
])
def test_bad_corpus_files_get_a_clear_message(tmp_path, capsys, content, message):
    path = write(tmp_path, "bad.txt", content)
    assert main(["train", "--preset", "nano", "--steps", "5", "--corpus", str(path), "--out", str(tmp_path / "o")]) == 1
    assert message in capsys.readouterr().err


def test_oversized_corpus_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(data_module, "MAX_CORPUS_BYTES", 1000)
    path = write(tmp_path, "big.txt", WORDS.encode())
    assert main(["train", "--preset", "nano", "--corpus", str(path), "--out", str(tmp_path / "o")]) == 1
    assert "the limit is" in capsys.readouterr().err


def test_missing_model_and_resume_without_state(tmp_path, capsys):
    assert main(["sample", "--model", str(tmp_path / "nowhere")]) == 1
    assert "not a model folder" in capsys.readouterr().err
    path = write(tmp_path, "mine.txt", WORDS.encode())
    assert main(["train", "--preset", "nano", "--corpus", str(path), "--out", str(tmp_path / "o"), "--resume"]) == 1
    assert "nothing to resume" in capsys.readouterr().err


def test_help_is_written_for_newcomers(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    out = capsys.readouterr().out
    assert "from scratch" in out and "--corpus" in out and "--minutes" in out


def test_open_is_the_plain_name_for_app_with_a_model():
    opened = []
    assert main(["open", "models/gpt2"], open_app=lambda args: opened.append(args.model) or 0) == 0
    assert main(["app", "--model", "models/gpt2"], open_app=lambda args: opened.append(args.model) or 0) == 0
    assert opened == ["models/gpt2", "models/gpt2"]
