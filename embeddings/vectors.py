"""Sentence vector = mean of its token vectors, computed without a per-token Python loop.

Each batch of space-separated token strings is split and dictionary-encoded in
Arrow; only the batch's distinct tokens are looked up in Python; one sparse
matrix product then sums the token vectors of every text.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

NO_KNOWN_TOKEN = "no_known_token"
# A text whose mean has a NaN or an infinity (a fastText model that diverged in training, or a given model with such
# word vectors): a reject, not a vector no model can learn from.
NON_FINITE_VECTOR = "non_finite_vector"
# The rejects that have tokens: the tokens table holds the vectors' texts and these (the sparse models read them).
REJECTS_WITH_TOKENS = (NO_KNOWN_TOKEN, NON_FINITE_VECTOR)


class MeanTokenVectors:
    def __init__(self, model):
        self._model = model
        self.dim = model.get_dimension()
        words = model.get_words()
        # Row 0 is the zero vector, used for the empty token and for tokens
        # fastText cannot place (out of vocabulary with no subword information).
        self._rows = {"": 0}
        matrix = np.zeros((len(words) + 1, self.dim), dtype=np.float32)
        for i, word in enumerate(words, start=1):
            self._rows[word] = i
            matrix[i] = model.get_word_vector(word)
        self._matrix = matrix
        self._size = len(words) + 1
        self._known = np.any(matrix != 0, axis=1)

    def _row_of(self, token: str) -> int:
        row = self._rows.get(token)
        if row is not None:
            return row
        vector = self._model.get_word_vector(token)  # subword vector of an unseen word
        if not np.any(vector):
            self._rows[token] = 0
            return 0
        if self._size == len(self._matrix):
            self._matrix = np.concatenate([self._matrix, np.zeros_like(self._matrix)])
            self._known = np.concatenate([self._known, np.zeros_like(self._known)])
        row = self._size
        self._matrix[row] = vector
        self._known[row] = True
        self._rows[token] = row
        self._size += 1
        return row

    def mean(self, token_lines: list[str] | pa.Array) -> tuple[np.ndarray, np.ndarray]:
        """Return (float32 matrix n x dim, bool mask of rows that have a vector)."""
        lines = token_lines if isinstance(token_lines, pa.Array) else pa.array(token_lines, pa.string())
        n = len(lines)
        if n == 0:
            return np.zeros((0, self.dim), np.float32), np.zeros(0, bool)
        lists = pc.split_pattern(lines, " ")
        if isinstance(lists, pa.ChunkedArray):
            lists = lists.combine_chunks()
        lists = lists.fill_null(pa.scalar([], pa.list_(pa.string())))  # a NULL line has no token
        indptr = lists.offsets.to_numpy() - lists.offsets[0].as_py()
        encoded = pc.dictionary_encode(lists.flatten())
        distinct = encoded.dictionary.to_pylist()
        rows_of_distinct = np.fromiter((self._row_of(t) for t in distinct), dtype=np.int64, count=len(distinct))
        cols = rows_of_distinct[encoded.indices.to_numpy(zero_copy_only=False)]
        weights = self._known[cols].astype(np.float32)
        # The split lists are already in CSR layout: offsets are the row pointers.
        token_matrix = sparse.csr_matrix((weights, cols, indptr), shape=(n, self._size))
        counts = np.asarray(token_matrix.sum(axis=1)).ravel()
        totals = token_matrix @ self._matrix[: self._size]
        ok = counts > 0
        totals[ok] /= counts[ok, None]
        return np.asarray(totals, dtype=np.float32), ok
