"""Tokens for the bag-of-words baseline: the same normaliser and MeCab as `dwhml embed`."""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=2)
def _tokenizer(dictionary: str):
    from embeddings.tokenize import Tokenizer

    return Tokenizer(dictionary)


def tokenized(texts, dictionary: str = "ipadic") -> list[str]:
    from embeddings.normalise import normalise

    tok = _tokenizer(dictionary)
    return [tok.tokenize(normalise(t)) if isinstance(t, str) else "" for t in texts]
