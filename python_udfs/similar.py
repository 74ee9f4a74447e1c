"""Exact nearest neighbours by cosine similarity: each text's k most similar other texts.

The DuckDB plugin's dwhml_similar UDF runs it as blocked matrix products (macros/similar_sql.sql); the
warehouses run the engine-neutral SQL of the same definition. Texts are taken in id order; a text whose vector
is all zeros has no direction, so it neither gets nor is a neighbour. Ties go to the smaller neighbour id.
"""
from __future__ import annotations

import numpy as np

# Similarities are cut into this many column groups per row to bound the k-th best from below.
_GROUPS = 256


def _candidates(sims: np.ndarray, take: int):
    """(row, column, value) of every similarity at or above its row's bound: the take-th largest of the row's
    column-group maxima. Each of those groups holds a value >= the bound, so every one of the row's `take` best,
    and every value tied with them, is a candidate: ranking the candidates alone is exact. Only the groups whose
    maximum reaches the bound are scanned (a few per row, not every column)."""
    n = sims.shape[1]
    groups = min(n, max(_GROUPS, 4 * take))
    starts = np.linspace(0, n, groups, endpoint=False).astype(np.int64)
    lengths_of = np.diff(np.append(starts, n))
    maxima = np.maximum.reduceat(sims, starts, axis=1)
    bound = np.partition(maxima, groups - take, axis=1)[:, groups - take]
    row, group = np.nonzero(maxima >= bound[:, None])
    lengths = lengths_of[group]
    rows = np.repeat(row, lengths)
    within = np.arange(len(rows)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    columns = np.repeat(starts[group], lengths) + within
    values = sims[rows, columns]
    keep = values >= bound[rows]
    return rows[keep], columns[keep], values[keep]


def nearest_neighbours(ids: list[str], vectors: np.ndarray, k: int, block: int = 2048) -> dict:
    """Columns id, neighbour_id (lists), similarity, neighbour_rank (arrays) for every text with a non-zero
    vector, rank 1 the most similar."""
    if k < 1:
        raise ValueError(f"k must be an integer >= 1, got {k}")
    order = np.argsort(np.array(ids, dtype=object), kind="stable")
    sorted_ids = np.array(ids, dtype=object)[order]
    X = np.asarray(vectors, dtype=np.float64)[order]
    norms = np.linalg.norm(X, axis=1)
    kept = np.flatnonzero(norms > 0)
    X = X[kept] / norms[kept, None]
    n = len(kept)
    take = min(k, n - 1)
    queries, neighbours, similarities = [], [], []
    for start in range(0, n if take > 0 else 0, block):
        sims = X[start:start + block] @ X.T
        rows = np.arange(sims.shape[0])
        sims[rows, start + rows] = -np.inf  # not its own neighbour
        # The candidates ranked by (row, similarity descending, column).
        row, column, value = _candidates(sims, take)
        ranked = np.lexsort((column, -value, row))
        row, column, value = row[ranked], column[ranked], value[ranked]
        if np.bincount(row, minlength=len(rows)).min() < take:  # only a non-finite similarity compares false
            raise ValueError("similar texts: a vector has non-finite values")
        first = np.searchsorted(row, rows)  # each row's candidates start here
        pick = (first[:, None] + np.arange(take)).ravel()
        queries.append(np.repeat(start + rows, take))
        neighbours.append(column[pick])
        similarities.append(value[pick])
    q = np.concatenate(queries) if queries else np.zeros(0, np.int64)
    nb = np.concatenate(neighbours) if neighbours else np.zeros(0, np.int64)
    return {"id": sorted_ids[kept[q]].tolist(), "neighbour_id": sorted_ids[kept[nb]].tolist(),
            "similarity": np.concatenate(similarities) if similarities else np.zeros(0),
            "neighbour_rank": np.tile(np.arange(1, take + 1, dtype=np.int32), len(q) // take if take else 0)}
