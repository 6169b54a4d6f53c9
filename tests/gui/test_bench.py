"""`python -m gui.bench step` measures every view tab and prints p50 / p95."""
import torch

from explainer import save_checkpoint
from gui import bench


def test_bench_step_times_every_view(qtbot, tmp_path, nano_model, small_tokenizer, capsys):
    save_checkpoint(tmp_path / "nano", nano_model, small_tokenizer)
    threads = torch.get_num_threads()
    try:
        assert bench.main(["step", "--model", str(tmp_path / "nano"), "--steps", "3", "--warmup", "0"]) == 0
    finally:
        torch.set_num_threads(threads)  # the bench runs torch on one thread, as the app does
    out = capsys.readouterr().out
    assert "context 64 tokens" in out  # the nano model's full window
    for view in ("Next token", "Attention", "One head", "Layer by layer", "Feed-forward", "forward pass"):
        assert view in out
    assert "worst p95" in out


def test_bench_step_opens_a_real_model_folder(qtbot, tmp_path, capsys):
    from ..engine.real_models import make_folder
    make_folder(tmp_path / "gpt2", "gpt2")
    threads = torch.get_num_threads()
    try:
        assert bench.main(["step", "--model", str(tmp_path / "gpt2"), "--steps", "2", "--warmup", "0"]) == 0
    finally:
        torch.set_num_threads(threads)
    out = capsys.readouterr().out
    assert "GPT-2" in out and "context 64 tokens (full" in out and "goal of 200 ms" in out
