"""The definition of similar texts (python_udfs/similar.py) against ranking every pair: the k most similar other
texts by cosine, ties to the smaller id, zero vectors left out, for any block size and group count."""
import numpy as np
import pytest

from python_udfs import similar


def _every_pair(ids, X, k):
    order = np.argsort(np.array(ids, dtype=object), kind="stable")
    ids, X = [ids[i] for i in order], X[order]
    kept = [i for i in range(len(ids)) if np.linalg.norm(X[i]) > 0]
    unit = X[kept] / np.linalg.norm(X[kept], axis=1)[:, None]
    rows = []
    for a in range(len(kept)):
        sims = unit @ unit[a]
        others = [b for b in range(len(kept)) if b != a]
        ranked = sorted(others, key=lambda b: (-sims[b], b))[:k]
        rows += [(ids[kept[a]], ids[kept[b]], r) for r, b in enumerate(ranked, start=1)]
    return rows


@pytest.mark.parametrize("block, groups", [(2048, 256), (7, 256), (5, 3), (64, 8)])
def test_nearest_neighbours_rank_every_pair(monkeypatch, block, groups):
    monkeypatch.setattr(similar, "_GROUPS", groups)
    rng = np.random.default_rng(0)
    # Entries +-1: every norm is 2, every cosine a multiple of 1/4 computed exactly in any order, and 16
    # directions among 90 texts, so ties abound; repeated vectors; two all-zero vectors.
    X = rng.choice([-1.0, 1.0], size=(90, 4))
    X[10:20] = X[0]
    X[30] = 0.0
    X[55] = 0.0
    ids = [f"t{(i * 37) % 90:03d}" for i in range(90)]
    for k in (1, 5, 40):
        found = similar.nearest_neighbours(ids, X, k, block=block)
        got = list(zip(found["id"], found["neighbour_id"], found["neighbour_rank"].tolist()))
        assert got == _every_pair(ids, X, k)
        assert len(got) == 88 * k


def test_a_non_finite_vector_is_a_clear_error():
    X = np.array([[1.0, 0.0], [np.inf, 1.0], [0.0, 1.0], [1.0, 1.0]])
    with pytest.raises(ValueError, match="non-finite"):
        similar.nearest_neighbours(["a", "b", "c", "d"], X, 2)
