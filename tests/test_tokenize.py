"""Golden tokens, pinned to the dictionary build (as fugashi's own tests pin theirs)."""
import json
from pathlib import Path

import pytest

from embeddings.normalise import NORMALISER_VERSION, normalise
from embeddings.tokenize import Tokenizer

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def ipadic():
    return Tokenizer("ipadic")


def test_golden_tokens_for_this_dictionary(ipadic):
    path = GOLDEN / f"tokens_{ipadic.version}.json"
    assert path.is_file(), f"dictionary build changed to {ipadic.version}: review and add {path.name}"
    golden = json.loads(path.read_text(encoding="utf-8"))
    assert golden["normaliser_version"] == NORMALISER_VERSION
    assert len(golden["cases"]) >= 20
    for case in golden["cases"]:
        assert ipadic.tokenize(normalise(case["text"])).split(" ") == case["tokens"], case["text"]


def test_unidic_lite_is_selectable():
    tok = Tokenizer("unidic-lite")
    assert tok.version.startswith("unidic-lite-1.0.8")
    assert tok.tokenize("今日は良い天気ですね。").split(" ") == ["今日", "は", "良い", "天気", "です", "ね", "。"]


def test_unknown_dictionary_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown dictionary 'jumandic'"):
        Tokenizer("jumandic")


def test_tokenize_many_matches_one_by_one(ipadic):
    texts = [normalise(t) for t in ["パン作りが好きです", "年末商戦は好調だった", "a"]]
    assert ipadic.tokenize_many(texts) == [ipadic.tokenize(t) for t in texts]
