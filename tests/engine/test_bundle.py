"""Bundling a model folder for assets/: the resume state stays behind, the timeline keeps the
steps asked for (and the last), the weights, their dtype and the extra files are unchanged."""
import torch

from explainer.align.bundle import bundle
from explainer.checkpoint import load_checkpoint, save_checkpoint
from explainer.train.timeline import TimelinePoint, load_timeline, snapshot_state, timeline_to_bytes


def test_bundle_keeps_what_ships_and_drops_the_rest(tmp_path, nano_model, small_tokenizer):
    points = []
    for step in (0, 10, 30):
        with torch.no_grad():
            for p in nano_model.parameters():
                p.add_(0.01)
        points.append(TimelinePoint(step, step * 100, {"loss": 1.0 / (step + 1)}, f"sample {step}",
                                    snapshot_state(nano_model)))
    src = save_checkpoint(tmp_path / "run", nano_model, small_tokenizer, step=30, metrics={"loss": 0.5},
                          provenance={"stage": "sft"}, dtype=torch.float16,
                          extra_files={"timeline.safetensors": timeline_to_bytes(points, [{"step": 30}]),
                                       "pairs.jsonl": b'{"x": 1}\n'})
    (src / "train_state.safetensors").write_bytes(b"resume state")

    out = bundle(src, tmp_path / "shipped", steps=[0])
    before, after = load_checkpoint(src), load_checkpoint(out)
    assert not (out / "train_state.safetensors").exists()
    assert '"dtype": "float16"' in (out / "model.json").read_text()
    for k, v in before.model.state_dict().items():
        assert torch.equal(v, after.model.state_dict()[k]), k
    assert after.info.metrics == {"loss": 0.5} and after.info.provenance["stage"] == "sft"
    assert (out / after.info.files["pairs.jsonl"]).read_bytes() == b'{"x": 1}\n'
    kept, curve = load_timeline(after)
    assert [p.step for p in kept] == [0, 30] and kept[1].sample == "sample 30" and curve == [{"step": 30}]

    bare = load_checkpoint(bundle(src, tmp_path / "bare", steps=None))
    assert "timeline.safetensors" not in bare.info.files
