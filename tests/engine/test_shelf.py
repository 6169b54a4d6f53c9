"""The model shelf: one owner of every model, inspection copies that never share tensors, stale results dropped."""
import pytest
import torch

from explainer import GPT, preset
from explainer.shelf import ModelShelf, ShelfModel
from explainer.train.timeline import TimelinePoint, snapshot_state


def shelf_with_run(tok) -> tuple[ModelShelf, GPT]:
    torch.manual_seed(0)
    trained = GPT(preset("nano", tok.vocab_size))  # stands in for the model a worker trains
    shelf = ModelShelf()
    shelf.add(ShelfModel("run-1", "A run", "run", trained.config, tok, live=True))
    shelf.add_point("run-1", TimelinePoint(0, 0, {"val_loss": 5.0}, "", snapshot_state(trained)))
    return shelf, trained


def test_the_inspection_model_shares_no_tensor_with_the_model_being_trained(small_tokenizer):
    shelf, trained = shelf_with_run(small_tokenizer)
    net = shelf.show("run-1", 0)
    trained_ptrs = {p.data_ptr() for p in trained.parameters()}
    assert not trained_ptrs & {p.data_ptr() for p in net.parameters()}
    assert not net.training and not any(p.requires_grad for p in net.parameters())
    before = net.wte.weight.clone()
    with torch.no_grad():
        trained.wte.weight.add_(1.0)  # the worker trains on
    assert torch.equal(net.wte.weight, before)  # the views do not move until the shelf shows new weights


def test_showing_a_snapshot_puts_its_weights_behind_the_views_and_raises_the_generation(small_tokenizer):
    shelf, trained = shelf_with_run(small_tokenizer)
    heard = []
    shelf.subscribe(heard.append)
    shelf.show("run-1", 0)
    g0 = shelf.generation
    with torch.no_grad():
        trained.wte.weight.mul_(2.0)
    shelf.add_point("run-1", TimelinePoint(10, 640, {}, "", snapshot_state(trained)))
    net = shelf.show("run-1", 10)
    assert torch.equal(net.wte.weight, trained.wte.weight.detach().half().float())
    assert shelf.generation == g0 + 1 and not shelf.is_current(g0) and shelf.is_current(shelf.generation)
    assert heard == ["shown", "points", "shown"]
    assert shelf.models["run-1"].steps() == [0, 10]


def test_following_the_newest_weights_of_a_live_run(small_tokenizer):
    shelf, trained = shelf_with_run(small_tokenizer)
    shelf.show("run-1", None)  # the newest
    with torch.no_grad():
        trained.wte.weight.add_(0.5)
    shelf.set_latest("run-1", snapshot_state(trained), 25)
    assert torch.equal(shelf.inspection_model.wte.weight, trained.wte.weight.detach().half().float())
    shelf.show("run-1", 0)  # pinned to a snapshot: newer weights no longer move the views
    pinned = shelf.inspection_model.wte.weight.clone()
    shelf.set_latest("run-1", snapshot_state(trained), 30)
    assert torch.equal(shelf.inspection_model.wte.weight, pinned)


def test_separate_copies_for_side_by_side_analyses(small_tokenizer):
    shelf, _ = shelf_with_run(small_tokenizer)
    a, b = shelf.inspect("run-1", 0), shelf.show("run-1", 0)
    assert a is not b and torch.equal(a.wte.weight, b.wte.weight)
    assert shelf.inspect("run-1", 0) is a
    with pytest.raises(KeyError, match="no snapshot at step 7"):
        shelf.show("run-1", 7)
