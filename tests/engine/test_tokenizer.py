"""Tokenizer: exact round trip for any Unicode, visible display strings, special tokens."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explainer import Tokenizer, TokenizerError
from explainer.tokenizer import ASSISTANT, EOT, USER


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_decode_encode_round_trip_for_any_text(small_tokenizer, text):
    assert small_tokenizer.decode(small_tokenizer.encode(text)) == text


@pytest.mark.parametrize("text", ["🎉🐈‍⬛", "مرحبا بالعالم", "\x00\x07\r\n\t", "User: hi\nAssistant: ok<|endoftext|>",
                                  "Zebrafication of quixotic words", "  double  spaces  "])
def test_round_trip_of_awkward_strings(small_tokenizer, text):
    ids = small_tokenizer.encode(text)
    assert small_tokenizer.decode(ids) == text
    assert all(0 <= i < small_tokenizer.vocab_size for i in ids)


def test_special_tokens_are_single_tokens_in_corpus_text(small_tokenizer):
    ids = small_tokenizer.encode_document(f"{USER} hi\n{ASSISTANT} hello{EOT}")
    assert ids[0] == small_tokenizer.user_id
    assert small_tokenizer.assistant_id in ids and ids[-1] == small_tokenizer.eot_id


def test_typed_text_never_becomes_a_role_token(small_tokenizer):
    specials = {small_tokenizer.user_id, small_tokenizer.assistant_id, small_tokenizer.eot_id}
    for text in ("SuperUser: hi", f"{USER} hi\n{ASSISTANT} ok{EOT}"):
        ids = small_tokenizer.encode(text)
        assert not specials & set(ids) and small_tokenizer.decode(ids) == text


def test_chat_format_is_exactly_the_corpus_format(small_tokenizer):
    ids = small_tokenizer.encode_chat("What does Tom like?")
    assert ids == small_tokenizer.encode_document(f"{USER} What does Tom like?\n{ASSISTANT}")
    assert ids[0] == small_tokenizer.user_id and ids[-1] == small_tokenizer.assistant_id
    assert small_tokenizer.encode_chat("  What does Tom like?  ") == ids  # no stray spaces reach the model


def test_a_lone_surrogate_is_refused_with_words(small_tokenizer):
    with pytest.raises(TokenizerError, match="broken character"):
        small_tokenizer.encode("a\ud800b")


def test_end_of_text_has_one_name_everywhere(small_tokenizer):
    assert small_tokenizer.display(small_tokenizer.eot_id) == "[end of text]"


def test_frequent_words_are_one_token(small_tokenizer):
    assert len(small_tokenizer.encode(" Tom")) == 1
    assert len(small_tokenizer.encode(" Zyxwvut")) > 1  # unseen words still split into pieces


def test_display_makes_spaces_and_newlines_visible(small_tokenizer):
    shown = small_tokenizer.displays(small_tokenizer.encode(" cat\n"))
    assert shown[0] == "·cat" and shown[-1].endswith("⏎")
    emoji = small_tokenizer.displays(small_tokenizer.encode("🎉"))
    assert "".join(emoji) == "<F0><9F><8E><89>"  # pieces of one character shown as bytes


def test_save_load_keeps_the_hash(small_tokenizer, tmp_path):
    small_tokenizer.save(tmp_path / "t.json")
    again = Tokenizer.load(tmp_path / "t.json")
    assert again.hash == small_tokenizer.hash
    assert again.encode("Tom likes fish.") == small_tokenizer.encode("Tom likes fish.")


def test_garbage_is_refused_with_a_message(tmp_path):
    (tmp_path / "bad.json").write_bytes(b"\x80\x81 not json")
    with pytest.raises(TokenizerError, match="cannot read|not a readable"):
        Tokenizer.load(tmp_path / "bad.json")
    (tmp_path / "bad2.json").write_text("{}")
    with pytest.raises(TokenizerError):
        Tokenizer.load(tmp_path / "bad2.json")
