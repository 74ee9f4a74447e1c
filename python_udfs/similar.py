"""Exact nearest neighbours by cosine similarity: each text's k most similar other texts.

The DuckDB plugin's dwhml_similar UDF runs it as blocked matrix products (macros/similar_sql.sql); the
warehouses run the engine-neutral SQL of the same definition. Texts are taken in id order; a text whose vector
is all zeros has no direction, so it neither gets nor is a neighbour. Ties go to the smaller neighbour id.
"""
from __future__ import annotations

import numpy as np

# Candidates kept per text beyond k before the exact tie-break (duplicate texts tie exactly); a row whose ties
# run past them is ranked over all texts.
_MARGIN = 16


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
        width = min(take + _MARGIN, n - 1)
        cand = np.argpartition(-sims, width - 1, axis=1)[:, :width]  # width <= n - 1: every other text at most
        vals = np.take_along_axis(sims, cand, axis=1)
        ranked = np.lexsort((cand, -vals), axis=-1)
        cand, vals = np.take_along_axis(cand, ranked, axis=1), np.take_along_axis(vals, ranked, axis=1)
        best = cand[:, :take]
        # Ties at the k-th value that may continue past the candidates: rank that row over every text.
        unsure = np.flatnonzero(vals[:, width - 1] == vals[:, take - 1]) if width < n - 1 else []
        for r in unsure:
            everything = np.lexsort((np.arange(n), -sims[r]))
            best[r] = everything[:take]
        queries.append(np.repeat(start + rows, take))
        neighbours.append(best.ravel())
        similarities.append(np.take_along_axis(sims, best, axis=1).ravel())
    q = np.concatenate(queries) if queries else np.zeros(0, np.int64)
    nb = np.concatenate(neighbours) if neighbours else np.zeros(0, np.int64)
    return {"id": sorted_ids[kept[q]].tolist(), "neighbour_id": sorted_ids[kept[nb]].tolist(),
            "similarity": np.concatenate(similarities) if similarities else np.zeros(0),
            "neighbour_rank": np.tile(np.arange(1, take + 1, dtype=np.int32), len(q) // take if take else 0)}
