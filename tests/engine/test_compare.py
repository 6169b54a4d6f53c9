"""Before and after: token shift ranks, and the internals difference of a model against itself."""
import copy

import pytest
import torch

from explainer import GPT, preset
from explainer.compare import CLASSES, answer, attention_change, compare, lens_change, token_shift, weight_change


@pytest.fixture
def pair(small_tokenizer):
    torch.manual_seed(0)
    base = GPT(preset("nano", small_tokenizer.vocab_size)).eval()
    aligned = copy.deepcopy(base)
    with torch.no_grad():
        aligned.blocks[1].mlp.c_proj.weight.add_(0.05 * torch.randn_like(aligned.blocks[1].mlp.c_proj.weight))
    return base, aligned.eval()


def test_token_shift_ranks_match_an_independent_count(small_tokenizer, pair):
    base, aligned = pair
    a = answer(aligned, small_tokenizer, "What does Tom like?", seed=3,
               settings=__import__("explainer").SamplerSettings(temperature=1.5), max_new=12)
    shift = token_shift(base, aligned, a)
    seq = list(a.prompt) + list(a.tokens)
    for i, tok in enumerate(a.tokens):
        with torch.no_grad():
            logits = base(torch.tensor([seq[:len(a.prompt) + i]]))[0][0, -1]
        order = torch.sort(logits, descending=True, stable=True).indices.tolist()
        rank = order.index(tok)
        assert shift.base_rank[i] == rank
        assert shift.classes[i] == ("unshifted" if rank == 0 else "marginal" if rank < 3 else "shifted")
    assert sum(shift.counts().values()) == len(a.tokens) and set(shift.counts()) == set(CLASSES)


def test_a_model_against_itself_differs_nowhere(small_tokenizer, pair):
    base, _ = pair
    tokens = small_tokenizer.encode_chat("What does Tom like?") + small_tokenizer.encode(" Tom likes fish.")
    assert float(attention_change(base, copy.deepcopy(base), tokens).abs().max()) == 0.0
    lens = lens_change(base, copy.deepcopy(base), tokens, [3, 5])
    assert float(lens["top_differs"].max()) == 0.0 and float(lens["kl"].abs().max()) < 1e-6
    assert all(v == 0.0 for v in weight_change(base, copy.deepcopy(base)).values())


def test_the_comparison_finds_where_the_changed_layer_is(small_tokenizer, pair):
    base, aligned = pair
    result = compare({"base": base, "aligned": aligned}, small_tokenizer, "What does Tom like?")
    moved = result.weights["aligned"]
    assert moved["layer 2"] > 0 and moved["layer 1"] == 0 and moved["embeddings"] == 0
    assert float(result.attention["aligned"][0].abs().max()) == 0.0  # layer 1 reads the same input either way
    assert result.answers["base"].tokens and set(result.shifts) == {"aligned"}
