"""Benchmark: the linear trainers' solver on the sample (issue 19, docs/decisions/0020).

    make bench-trainers

Fits liblinear's LinearSVC (C = the models' default) on the bundled sample's word counts (the count
baseline), word TF-IDF (the TF-IDF baseline) and the sparse model's word + character features, three
sectors, on an 80/20 md5 split of the ids: once with the dual solver, once with the primal one. Prints each
fit's seconds, iterations, whether it converged and the test macro-F1. The solver dwhml uses is marked.
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
import warnings


def _features(texts):
    """(normalised, tokens) of each text, as `dwhml embed` makes them."""
    from embeddings.normalise import normalise
    from embeddings.tokenize import Tokenizer

    tokenizer = Tokenizer()
    for text in texts:
        normalised = normalise(text)
        yield normalised, tokenizer.tokenize(normalised)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=0, help="the sample's first N texts (0: all)")
    args = parser.parse_args(argv)

    import numpy as np
    from scipy import sparse
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.metrics import f1_score
    from sklearn.svm import LinearSVC

    from dwhml.leaderboard import char_word_features
    from dwhml.settings import SAMPLE_CSV
    from embeddings.split import in_train_split
    from python_udfs import model_config, sparse_linear

    with open(SAMPLE_CSV, encoding="utf-8") as fh:
        sample = list(csv.DictReader(fh))
    if args.rows:
        sample = sample[:args.rows]
    rows, names, cols, weights = [], {}, [], []
    for i, (normalised, tokens) in enumerate(_features(r["text"] for r in sample)):
        for feature, weight in char_word_features(normalised, tokens).items():
            rows.append(i)
            cols.append(names.setdefault(feature, len(names)))
            weights.append(weight)
    rows, cols, weights = np.array(rows), np.array(cols), np.array(weights, dtype=np.float64)
    feature_names = list(names)
    is_word = np.array([n.startswith("w:") for n in feature_names])[cols]
    classes = sorted({r["label"] for r in sample})
    y = np.array([classes.index(r["label"]) for r in sample])
    train = np.array([in_train_split(r["id"]) for r in sample])
    n = len(sample)

    def matrix(words_only: bool, weighting: str):
        keep = is_word if words_only else np.ones(len(cols), dtype=bool)
        used = np.unique(cols[keep])
        remap = np.full(len(feature_names), -1)
        remap[used] = np.arange(len(used))
        r, c, w = rows[keep], remap[cols[keep]], weights[keep].copy()
        order = np.lexsort((c, r))
        r, c, w = r[order], c[order], w[order]
        distinct = np.ones(len(r), dtype=bool)
        distinct[1:] = (r[1:] != r[:-1]) | (c[1:] != c[:-1])
        df = np.bincount(c[distinct], minlength=len(used))
        idf = np.log((1.0 + n) / (1.0 + df)) + 1.0 if weighting != "count" else np.ones(len(used))
        blocks = np.array([0 if feature_names[u].startswith("w:") else 1 for u in used])
        return sparse_linear.tfidf_matrix(r, c.astype(np.int32), w, n, idf, blocks, weighting)

    cases = [("count baseline (word counts)", matrix(True, "count"), model_config.BOW_LINEAR_SVC_HYPERPARAMETERS["c"],
              "count"),
             ("TF-IDF baseline (word TF-IDF)", matrix(True, "tfidf"), model_config.BOW_LINEAR_SVC_HYPERPARAMETERS["c"],
              "tfidf"),
             ("sparse model (word + char)", matrix(False, "sublinear_tfidf"),
              model_config.SPARSE_LINEAR_HYPERPARAMETERS["c"], "sublinear_tfidf")]
    print(f"{n:,} texts, {len(classes)} classes, {int(train.sum()):,} train / {int((~train).sum()):,} test; "
          "one LinearSVC fit each (the models' calibration fits four)")
    for label, X, c, weighting in cases:
        X = sparse.csr_matrix(X)
        for dual in (True, False):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", ConvergenceWarning)
                start = time.perf_counter()
                model = LinearSVC(C=c, max_iter=5000, dual=dual, random_state=0).fit(X[train], y[train])
                seconds = time.perf_counter() - start
            converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
            used = "  <- dwhml" if dual == (weighting != "count") else ""
            macro_f1 = f1_score(y[~train], model.predict(X[~train]), average="macro")
            print(f"  {label:30s} {'dual  ' if dual else 'primal'} {seconds:6.1f}s {int(np.max(model.n_iter_)):5d} "
                  f"iterations {'converged' if converged else 'NOT converged'}  macro-F1 {macro_f1:.4f}{used}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
