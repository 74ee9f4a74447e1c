"""One batch of (id, text) -> tokens, vectors and rejects: the step every way of running an embed shares (the
single process of `dwhml embed`, each task of the engine path), so both give the same rows."""
from __future__ import annotations

import dataclasses

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .normalise import normalise_or_reject
from .tokenize import Tokenizer
from .vectors import NO_KNOWN_TOKEN, NON_FINITE_VECTOR, MeanTokenVectors

DUPLICATE_ID = "duplicate_id"
NULL_ID = "null_id"

PREPARED_SCHEMA_FIELDS = ("id", "tokens", "reason", "normalised")


def prepare(ids: pa.Array, texts: pa.Array, id_reasons: list, tokenizer: Tokenizer, max_chars: int) -> pa.RecordBatch:
    """(id, tokens, reason, normalised) of each row: `id_reasons` (null_id / duplicate_id, or None) first, then
    the normaliser's reject reason; the accepted texts tokenized."""
    cleaned = [normalise_or_reject(t, max_chars, valid_utf8=True) for t in texts.to_pylist()]
    reasons = [id_reason or why for id_reason, (_, why) in zip(id_reasons, cleaned)]
    n = len(reasons)
    accepted = [i for i, why in enumerate(reasons) if why is None]
    tokens: list[str | None] = [None] * n
    normalised: list[str | None] = [None] * n
    for i, tok in zip(accepted, tokenizer.tokenize_many([cleaned[i][0] for i in accepted])):
        tokens[i] = tok
        normalised[i] = cleaned[i][0]
    return pa.record_batch([ids, pa.array(tokens, pa.string()), pa.array(reasons, pa.string()),
                            pa.array(normalised, pa.string())], names=list(PREPARED_SCHEMA_FIELDS))


@dataclasses.dataclass
class BatchResults:
    with_tokens: pa.RecordBatch   # the prepared rows that have tokens: each a vector, or a reject with tokens
    matrix: np.ndarray            # float32, a row per row of with_tokens (zeros where it has no vector)
    token_reasons: np.ndarray     # object, a value per row of with_tokens: its reject reason, None for a vector
    rejected: pa.RecordBatch      # the prepared rows without tokens (their reason set)

    @property
    def has_vector(self) -> np.ndarray:
        """bool, a value per row of with_tokens."""
        return np.equal(self.token_reasons, None)

    @property
    def tokens(self) -> tuple[pa.Array, pa.Array, pa.Array]:
        """(id, normalised, tokens) of the rows that have tokens."""
        return self.with_tokens.column(0), self.with_tokens.column(3), self.with_tokens.column(1)

    @property
    def vector_ids(self) -> pa.Array:
        return self.with_tokens.column(0).filter(pa.array(self.has_vector))

    @property
    def vectors(self) -> np.ndarray:
        return self.matrix[self.has_vector]

    @property
    def reject_ids(self) -> pa.Array:
        return pa.concat_arrays([self.rejected.column(0), self.with_tokens.column(0).filter(pa.array(~self.has_vector))])

    @property
    def reject_reasons(self) -> list:
        return self.rejected.column(2).to_pylist() + self.token_reasons[~self.has_vector].tolist()


def results(prepared: pa.RecordBatch, vectoriser: MeanTokenVectors) -> BatchResults:
    """Every prepared row as a vector or a reject; rows with tokens but no known one are no_known_token rejects,
    rows whose mean is not finite non_finite_vector rejects."""
    has_tokens = pc.is_null(prepared.column(2)).to_numpy(zero_copy_only=False)
    with_tokens = prepared.filter(pa.array(has_tokens))
    matrix, has_known = vectoriser.mean(with_tokens.column(1))
    finite = np.isfinite(matrix).all(axis=1)
    reasons = np.full(len(finite), None, dtype=object)
    reasons[~has_known] = NO_KNOWN_TOKEN
    reasons[has_known & ~finite] = NON_FINITE_VECTOR
    matrix[~finite] = 0.0  # never written; zeroed so that no NaN travels on
    return BatchResults(with_tokens, matrix, reasons, prepared.filter(pa.array(~has_tokens)))
