"""The linear models scored by a join: LinearSVC + Platt calibration on (id, feature, weight) rows,
exported as tables so that prediction is a join + group by in plain SQL on every engine.

Two model types share it (macros/scored_by_join.sql): ``sparse_linear`` (word and character n-gram
features, sublinear TF-IDF, ``min_df``) and the ``bow_linear_svc`` baselines (word features only, raw
counts or TF-IDF, every word kept). Feature names carry their block as a prefix (``w:`` word, ``c:``
character n-gram); with TF-IDF each block is L2-normalised on its own, as stacked TfidfVectorizers would be.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from scipy import sparse

SPARSE_TABLES = ("vocabulary", "coefficients", "calibration")
# How a feature's count becomes its value (the SQL scoring, macros/sparse_linear_sql.sql, computes the same):
# sublinear_tfidf (1 + ln tf) * idf and tfidf tf * idf, both L2-normalised per block; count: tf, no norm.
WEIGHTINGS = ("sublinear_tfidf", "tfidf", "count")


def feature_settings(model_type: str, params: dict) -> dict:
    """Which feature blocks a model type learns from, its document-frequency cut and its weighting.
    The baselines are the talk's bag of words: every word, no character n-grams (like CountVectorizer /
    TfidfVectorizer over the MeCab tokens)."""
    if model_type == "bow_linear_svc":
        return {"blocks": ("w",), "min_df": 1, "weighting": params["weighting"], "char_ngram_max": None}
    # char_ngram_max absent (a caller with its own params): every character n-gram the features have
    return {"blocks": None, "min_df": params["min_df"], "weighting": "sublinear_tfidf",
            "char_ngram_max": params.get("char_ngram_max")}


class _Coder:
    """Integer codes for a column's values, batch by batch (first appearance), then ranks by sorted value:
    the same codes whatever order the rows came in (a DuckDB export, an UNLOAD, a Storage Read), so the matrix,
    the solver's coordinate order and the calibration folds, and with them the weights, are the same on every
    target for the same rows. Only the distinct values are kept, never the column."""

    def __init__(self):
        self.code: dict = {}

    def codes(self, array) -> np.ndarray:
        encoded = pc.dictionary_encode(array)
        local = encoded.dictionary.to_pylist()
        mapping = np.fromiter((self.code.setdefault(v, len(self.code)) for v in local), np.int64, len(local))
        return mapping[encoded.indices.to_numpy(zero_copy_only=False)]

    def ranks(self):
        """(the distinct values in sorted order, the rank of each first-appearance code)."""
        values = pa.array(list(self.code))
        order = pc.sort_indices(values).to_numpy()
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        return values.take(pa.array(order)), rank, order


def _entries(batches, target: str | None = None):
    """(ids, row codes, feature names, column codes, weights, labels) of record batches of (id, feature, weight
    [, target]): rows and columns coded by sorted value, the entries sorted by row and column so that sums over
    them (norms, document frequencies) add in one order too; labels: each id's first row's target, in id order
    (None without a target). Reads batch by batch: the text columns are never held whole."""
    ids, features = _Coder(), _Coder()
    rows, cols, weights, labels = [], [], [], []
    for batch in batches:
        seen = len(ids.code)
        r = ids.codes(batch.column("id"))
        if target is not None and len(ids.code) > seen:  # ids new in this batch: their first row's label
            new = np.flatnonzero(r >= seen)
            first = np.empty(len(ids.code) - seen, dtype=np.int64)
            first[r[new][::-1] - seen] = new[::-1]
            labels.extend(batch.column(target).take(pa.array(first)).to_pylist())
        rows.append(r.astype(np.int32))
        cols.append(features.codes(batch.column("feature")).astype(np.int32))
        weights.append(batch.column("weight").cast(pa.float64()).to_numpy(zero_copy_only=False))
    id_values, id_rank, id_order = ids.ranks()
    names, name_rank, _ = features.ranks()
    rows = id_rank.astype(np.int32)[np.concatenate(rows)] if rows else np.zeros(0, np.int32)
    cols = name_rank.astype(np.int32)[np.concatenate(cols)] if cols else np.zeros(0, np.int32)
    weights = np.concatenate(weights) if weights else np.zeros(0)
    order = np.lexsort((cols, rows))
    labels = [labels[i] for i in id_order] if target is not None else None
    return id_values, rows[order], names.to_pylist(), cols[order], weights[order], labels


class Entries(NamedTuple):
    """Long-format rows parsed once (_entries): a trainer or scorer given these skips the parse, as the tuning
    trials do for the rows of their fold."""
    id_values: pa.Array
    rows: np.ndarray
    names: list
    cols: np.ndarray
    weights: np.ndarray
    labels: list | None


def entries(source, target: str | None = None) -> Entries:
    """The Entries of a pa.Table or Parquet file of (id, feature, weight[, target]); Entries as they are."""
    if isinstance(source, Entries):
        return source
    columns = ["id", "feature", "weight"] + ([target] if target is not None else [])
    return Entries(*_entries(_batches(source, columns), target))


def _batches(source, columns):
    """Record batches of a pa.Table or of a Parquet file (read a million rows at a time)."""
    if isinstance(source, pa.Table):  # in memory already: merged into large batches (a chunk per 2,048 rows is common)
        return source.select(columns).combine_chunks().to_batches(max_chunksize=1_000_000)
    return pq.ParquetFile(source).iter_batches(batch_size=1_000_000, columns=columns)


def tfidf_matrix(rows, cols, weights, n_rows, idf, blocks, weighting="sublinear_tfidf"):
    """Feature values per WEIGHTINGS, L2-normalised per row and feature block unless counted;
    `cols` index `idf`/`blocks`. Works in place on a float64 `weights` (the caller's copy) to keep the peak
    memory of hundreds of millions of entries down."""
    if weighting not in WEIGHTINGS:
        raise ValueError(f"unknown weighting {weighting!r} (one of {', '.join(WEIGHTINGS)})")
    if weighting == "count":
        return sparse.csr_matrix((weights, (rows, cols)), shape=(n_rows, len(idf)))
    values = weights
    if weighting == "sublinear_tfidf":
        np.maximum(values, 1.0, out=values)
        np.log(values, out=values)
        values += 1.0
    values *= idf[cols]
    n_blocks = int(blocks.max()) + 1 if len(blocks) else 1
    cell = rows.astype(np.int64) * n_blocks + blocks[cols]
    squares = np.bincount(cell, weights=values * values, minlength=n_rows * n_blocks)  # sums in entry order
    norms = np.sqrt(squares)
    del squares
    norm_of_entry = norms[cell]
    del cell
    np.divide(values, norm_of_entry, out=values, where=norm_of_entry > 0)
    values[norm_of_entry == 0] = 0.0
    del norm_of_entry
    return sparse.csr_matrix((values, (rows, cols)), shape=(n_rows, len(idf)))


def fit(source, target: str, class_index: dict, params: dict, out_dir, model_type: str = "sparse_linear") -> int:
    """Fit on long-format rows (a pa.Table or a Parquet file of id, feature, weight, target, or their Entries), write
    vocabulary/coefficients/calibration Parquet files and return the number of training ids. Every id is a
    training row, also one with no feature kept (its vector is zero)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.svm import LinearSVC

    id_values, rows, names, cols, weights, labels = entries(source, target)
    n_rows = len(id_values)
    y = np.array([class_index[t] for t in labels])

    # Document frequency: distinct (row, feature) pairs per feature.
    settings = feature_settings(model_type, params)
    # The entries are sorted by (row, column): a repeated pair is next to its first occurrence.
    distinct = np.ones(len(rows), dtype=bool)
    distinct[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
    df = np.bincount(cols[distinct], minlength=len(names))
    keep = df >= settings["min_df"]
    if settings["blocks"] is not None:
        keep &= np.array([name.split(":", 1)[0] in settings["blocks"] for name in names], dtype=bool)
    if settings["char_ngram_max"] is not None:  # 'c:' + the n-gram: longer ones are left out of the vocabulary
        keep &= np.array([not name.startswith("c:") or len(name) - 2 <= settings["char_ngram_max"] for name in names],
                         dtype=bool)
    new_index = np.cumsum(keep) - 1
    kept_names = [name for name, k in zip(names, keep) if k]
    if settings["weighting"] == "count":
        idf = np.ones(len(kept_names))  # the scoring multiplies by idf: 1 leaves the counts as they are
    else:
        idf = np.log((1.0 + n_rows) / (1.0 + df[keep])) + 1.0
    block_names = sorted({name.split(":", 1)[0] for name in kept_names})
    block_id = {b: i for i, b in enumerate(block_names)}
    blocks = np.array([block_id[name.split(":", 1)[0]] for name in kept_names], dtype=np.int64)
    mask = keep[cols]
    rows, cols, weights = rows[mask], new_index.astype(np.int32)[cols[mask]], weights[mask]  # frees the full arrays
    del mask, distinct
    X = tfidf_matrix(rows, cols, weights, n_rows, idf, blocks, settings["weighting"])
    del rows, cols, weights

    # liblinear's dual coordinate descent converges in tens of iterations on L2-normalised rows but not on raw
    # counts: the count baseline ran into max_iter=5000 with a ConvergenceWarning (25-40 s a fit on the sample);
    # the primal solver reaches the same objective's optimum there in ~35 iterations (docs/decisions/0020).
    base = LinearSVC(C=params["c"], max_iter=params["max_iter"], dual=settings["weighting"] != "count",
                     random_state=0)  # seeded: same data, same weights
    model = CalibratedClassifierCV(base, method="sigmoid", cv=3, ensemble=False).fit(X, y)
    calibrated = model.calibrated_classifiers_[0]
    svc = calibrated.estimator
    coef = np.atleast_2d(svc.coef_)
    intercept = np.atleast_1d(svc.intercept_)
    # Binary: one margin, for the positive class (index 1); multiclass: one per class.
    class_rows = [1] if coef.shape[0] == 1 else list(range(coef.shape[0]))
    pq.write_table(pa.table({"feature": kept_names, "block": [block_names[b] for b in blocks],
                             "idf": idf}), out_dir / "vocabulary.parquet")
    feature_col, class_col, coef_col = [], [], []
    for r, k in enumerate(class_rows):
        nonzero = np.flatnonzero(coef[r])
        feature_col.extend(kept_names[j] for j in nonzero)
        class_col.extend([k] * len(nonzero))
        coef_col.extend(coef[r, nonzero].tolist())
    pq.write_table(pa.table({"feature": feature_col, "class_index": pa.array(class_col, pa.int32()),
                             "coef": coef_col}), out_dir / "coefficients.parquet")
    pq.write_table(pa.table({
        "class_index": pa.array(class_rows, pa.int32()), "intercept": intercept.tolist(),
        "platt_a": [c.a_ for c in calibrated.calibrators], "platt_b": [c.b_ for c in calibrated.calibrators],
    }), out_dir / "calibration.parquet")
    return n_rows


def predict_proba(artifact_dir, table, n_classes: int, weighting: str = "sublinear_tfidf"):
    """Reference scoring in NumPy (tests compare the SQL scoring against it) of (id, feature, weight) rows or
    their Entries: (ids, proba n x classes)."""
    from pathlib import Path

    vocab = pq.read_table(Path(artifact_dir) / "vocabulary.parquet").to_pydict()
    coefs = pq.read_table(Path(artifact_dir) / "coefficients.parquet").to_pydict()
    calib = pq.read_table(Path(artifact_dir) / "calibration.parquet").to_pydict()
    index = {name: i for i, name in enumerate(vocab["feature"])}
    block_names = sorted(set(vocab["block"]))
    blocks = np.array([block_names.index(b) for b in vocab["block"]], dtype=np.int64)
    id_values, rows, names, cols, weights, _ = entries(table)
    mapped = np.array([index.get(name, -1) for name in names])[cols]
    keep = mapped >= 0
    X = tfidf_matrix(rows[keep], mapped[keep], weights[keep], len(id_values), np.array(vocab["idf"]), blocks,
                     weighting)
    W = np.zeros((len(index), n_classes))
    for f, k, c in zip(coefs["feature"], coefs["class_index"], coefs["coef"]):
        W[index[f], k] = c
    margins = X @ W
    p = np.zeros((len(id_values), n_classes))
    for k, b0, a, b in zip(calib["class_index"], calib["intercept"], calib["platt_a"], calib["platt_b"]):
        p[:, k] = 1.0 / (1.0 + np.exp(a * (margins[:, k] + b0) + b))
    if n_classes == 2:
        p[:, 0] = 1.0 - p[:, 1]
    else:
        p /= p.sum(axis=1, keepdims=True)
    return id_values.to_pylist(), p
