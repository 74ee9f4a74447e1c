"""Stratified K-fold leaderboard of candidate pipelines on (id, text, label) rows.

Every candidate is fitted on the training folds only (the fastText model of the
dense candidate is unsupervised and never sees a label). Besides each
candidate's own score, the leaderboard reports a *selected* row: in every outer
fold, the candidate that scores best on an inner validation split of that
fold's training part is refitted on the whole training part and scored on the
held-out fold, so the selection never sees the fold it is scored on.
"""
from __future__ import annotations

import collections
import dataclasses
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

BASELINES = ("bow_count_svc", "word_tfidf_svc")


@dataclasses.dataclass
class Corpus:
    ids: list
    normalised: list[str]
    tokens: list[str]
    y: np.ndarray            # class index per text
    classes: list
    vectors: np.ndarray | None = None
    _features: pa.Table | None = None
    fasttext_store: str | None = None
    other_vectors: dict = dataclasses.field(default_factory=dict)  # fastText params -> vectors

    def features(self) -> pa.Table:
        """(id = row index, feature, weight) of every text, computed once."""
        if self._features is None:
            ids, features, weights = [], [], []
            for r, (normalised, tokens) in enumerate(zip(self.normalised, self.tokens)):
                counts = char_word_features(normalised, tokens)
                ids.extend([r] * len(counts))
                features.extend(counts.keys())
                weights.extend(counts.values())
            self._features = pa.table({"id": pa.array(ids, pa.int64()), "feature": pa.array(features, pa.string()),
                                       "weight": pa.array(weights, pa.float32())})
        return self._features

    @property
    def binary(self) -> bool:
        return len(self.classes) == 2


def char_word_features(normalised: str, tokens: str, max_n: int = 3) -> collections.Counter:
    """The features `text_features` builds in SQL: 'w:<token>' and 'c:<n-gram>' counts."""
    counts = collections.Counter("w:" + t for t in tokens.split(" ") if t)
    for n in range(1, max_n + 1):
        counts.update("c:" + normalised[i:i + n] for i in range(len(normalised) - n + 1))
    return counts


def _long_table(corpus: Corpus, rows: np.ndarray) -> pa.Table:
    import pyarrow.compute as pc

    table = corpus.features()
    return table.filter(pc.is_in(table.column("id"), pa.array(np.asarray(rows), pa.int64())))


@dataclasses.dataclass(frozen=True)
class Candidate:
    """An ml_model configuration: model_type and hyperparameters exactly as in meta.dwhml (defaults and
    checks from python_udfs.model_config), fitted by the materialization's own training functions.
    `vectors` says where an xgboost model's features come from: the unsupervised fastText vectors
    (optionally of other fastText parameters) or the label-aware ones of `dwhml embed --supervised-labels`;
    a blend names its two candidates."""
    model_type: str
    hyperparameters: dict = dataclasses.field(default_factory=dict)
    vectors: str = "fasttext"
    fasttext: tuple = ()
    components: tuple = ()

    def config(self) -> dict:
        """What to paste into a model's config(meta={'dwhml': {...}}) to build this candidate."""
        return {"model_type": self.model_type, "hyperparameters": dict(self.hyperparameters)}


DENSE = {"num_round": 200, "max_depth": 6, "eta": 0.1}
CANDIDATES = {
    "bow_count_svc": Candidate("bow_linear_svc"),
    "word_tfidf_svc": Candidate("bow_linear_svc", {"weighting": "tfidf"}),
    "dense_mean_xgboost": Candidate("xgboost", DENSE),
    "sparse_linear_c0.25": Candidate("sparse_linear", {"c": 0.25}),
    "sparse_linear_c0.5": Candidate("sparse_linear", {"c": 0.5}),
    "sparse_linear_c1": Candidate("sparse_linear", {"c": 1.0}),
    "blend_dense_sparse": Candidate("blend", {"weight": 0.5}, components=("dense_mean_xgboost", "sparse_linear_c0.5")),
    "blend_supervised_sparse": Candidate("blend", {"weight": 0.5},
                                         components=("supervised_fasttext_xgboost", "sparse_linear_c0.5")),
    "supervised_fasttext_xgboost": Candidate("xgboost", DENSE, vectors="supervised"),
    "dense_subword_1_3_xgboost": Candidate("xgboost", DENSE, fasttext=(("maxn", 3), ("minn", 1))),
    "dense_epoch_20_xgboost": Candidate("xgboost", DENSE, fasttext=(("epoch", 20),)),
}


# What a run compares unless --candidates says otherwise: every candidate but the fastText-parameter variants
# (explorations of the dense recipe, each another fastText model and another XGBoost fit per fold).
DEFAULT_CANDIDATES = tuple(n for n in CANDIDATES if not CANDIDATES[n].fasttext)


def needs_vectors(name: str) -> bool:
    """Unsupervised fastText vectors of the whole corpus (left out with --no-dense)."""
    candidate = CANDIDATES[name]
    if candidate.model_type == "blend":
        return any(needs_vectors(c) for c in candidate.components)
    return candidate.model_type == "xgboost" and candidate.vectors == "fasttext"


def fit(name: str, corpus: Corpus, rows, fitted: dict | None = None):
    """Fit candidate `name` on `rows`; return a function rows -> class probabilities (n_rows x n_classes).
    `fitted` keeps the fits of one run as {(candidate, rows): (predictor, fit seconds)}: a blend reuses its
    components' fits on the same rows instead of fitting them again, and its fit time counts theirs."""
    from python_udfs.model_config import hyperparameters

    rows = np.asarray(rows)
    fitted = {} if fitted is None else fitted
    key = (name, rows.tobytes())
    if key not in fitted:
        candidate = CANDIDATES[name]
        params = hyperparameters(name, candidate.model_type, candidate.hyperparameters)
        started = time.perf_counter()
        if candidate.model_type == "blend":
            predictor = _fit_blend(candidate, params, corpus, rows, fitted)
            seconds = sum(fitted[(c, key[1])][1] for c in candidate.components)
        else:
            fitter = {"xgboost": _fit_xgboost, "bow_linear_svc": _fit_sparse, "sparse_linear": _fit_sparse}
            predictor = fitter[candidate.model_type](candidate, params, corpus, rows)
            seconds = time.perf_counter() - started
        fitted[key] = (predictor, seconds)
    return fitted[key][0]


def fit_seconds(name: str, rows, fitted: dict) -> float:
    """How long `name` took to fit on `rows` in this run (a blend: its components)."""
    return fitted[(name, np.asarray(rows).tobytes())][1]


def _problem_type(corpus: Corpus) -> str:
    return "binary_classification" if corpus.binary else "multiclass_classification"


# XGBoost in the leaderboard stops early: a tenth of each fit's own rows (never the rows it is scored on) is held
# out, boosting stops once its log loss has not improved for a tenth of num_round rounds (at least 10), and the
# candidate is refitted on all its rows with the rounds that held-out tenth chose. A fit then costs the rounds it
# needs, not num_round: on small data with many classes the dense candidates otherwise dominate the run
# (benchmarks/leaderboard_many_classes.py). The rounds are reported with the candidate.
STOP_FRACTION = 0.1


def _fit_xgboost(candidate, params, corpus, rows):
    from sklearn.model_selection import train_test_split

    from python_udfs.training import class_scores, fit_xgboost

    vectors = _vectors(candidate, corpus, rows)
    fit_rows, stop_rows = train_test_split(rows, test_size=STOP_FRACTION, stratify=corpus.y[rows], random_state=0)
    stopped = fit_xgboost(vectors[fit_rows], corpus.y[fit_rows].astype(np.float32), _problem_type(corpus), params,
                          len(corpus.classes), stop_on=(vectors[stop_rows], corpus.y[stop_rows].astype(np.float32)),
                          stop_after=max(10, params["num_round"] // 10))
    rounds = stopped.best_iteration + 1
    booster = fit_xgboost(vectors[rows], corpus.y[rows].astype(np.float32), _problem_type(corpus),
                          dict(params, num_round=rounds), len(corpus.classes))

    def predict(test):
        return class_scores(booster, vectors[np.asarray(test)], _problem_type(corpus))
    predict.rounds = rounds
    return predict


def _vectors(candidate, corpus, rows) -> np.ndarray:
    if candidate.vectors == "supervised":
        return _supervised_vectors(corpus, rows)
    if not candidate.fasttext:
        return corpus.vectors
    if candidate.fasttext not in corpus.other_vectors:
        corpus.other_vectors[candidate.fasttext] = _mean_vectors(corpus.tokens, corpus.fasttext_store,
                                                                 **dict(candidate.fasttext))
    return corpus.other_vectors[candidate.fasttext]


def _supervised_vectors(corpus: Corpus, rows) -> np.ndarray:
    """Label-aware fastText trained on `rows` only, as `dwhml embed --supervised-labels` trains it; mean token
    vectors of every text (held-out rows get theirs from the model that never saw their labels)."""
    import hashlib
    import os

    from embeddings.fasttext_model import FastTextParams, train_or_reuse
    from embeddings.vectors import MeanTokenVectors

    with tempfile.TemporaryDirectory(prefix="dwhml-lb-") as tmp:
        path = os.path.join(tmp, "train.txt")
        text = "".join(f"__label__{corpus.y[r]} {corpus.tokens[r]}\n" for r in rows)
        Path(path).write_text(text, encoding="utf-8")
        model, _, _ = train_or_reuse(path, hashlib.sha256(text.encode()).hexdigest(), FastTextParams.supervised(),
                                     corpus.fasttext_store or os.path.join(tmp, "store"))
        vectors, _ = MeanTokenVectors(model).mean(corpus.tokens)
    return vectors


def _fit_sparse(candidate, params, corpus, rows):
    """The linear models scored by a join (the sparse model and the bag-of-words baselines)."""
    from python_udfs.sparse_linear import feature_settings, predict_proba
    from python_udfs.sparse_linear import fit as fit_sparse_linear

    table = _long_table(corpus, rows)
    target = pa.array(corpus.y[table.column("id").to_numpy()], pa.int64())
    artifact = tempfile.TemporaryDirectory(prefix="dwhml-lb-")
    fit_sparse_linear(table.append_column("y", target), "y", {i: i for i in range(len(corpus.classes))}, params,
                      Path(artifact.name), candidate.model_type)
    weighting = feature_settings(candidate.model_type, params)["weighting"]

    def predict(test):
        ids, proba = predict_proba(artifact.name, _long_table(corpus, test), len(corpus.classes), weighting)
        order = {r: i for i, r in enumerate(ids)}
        out = np.full((len(test), len(corpus.classes)), 1.0 / len(corpus.classes))
        for k, r in enumerate(test):  # a text with no known feature keeps the uniform row
            if r in order:
                out[k] = proba[order[r]]
        return out
    predict.artifact = artifact  # kept alive as long as the predictor
    return predict


def _fit_blend(candidate, params, corpus, rows, fitted):
    first, second = (fit(name, corpus, rows, fitted) for name in candidate.components)
    return lambda test: params["weight"] * first(test) + (1 - params["weight"]) * second(test)


def score(corpus: Corpus, rows, proba) -> dict:
    """The headline metric as the tuning trials and the SQL metrics count it (a binary text is positive at
    probability >= 0.5: python_udfs.tuning.metrics), and ROC AUC (one-vs-rest macro when multiclass)."""
    from sklearn.metrics import roc_auc_score

    from python_udfs.tuning import metrics

    y = corpus.y[rows]
    if corpus.binary:
        return {"f1": metrics("binary_classification", y, proba)["f1"], "roc_auc": roc_auc_score(y, proba[:, 1])}
    return {"macro_f1": metrics("multiclass_classification", y, proba)["macro_f1"],
            "roc_auc": roc_auc_score(y, proba, multi_class="ovr", average="macro")}


def run(corpus: Corpus, folds: int = 5, candidates=None, seed: int = 0, progress=print) -> list[dict]:
    """Return one row per candidate (and 'selected'): mean/std of the headline metric, AUC, times."""
    from sklearn.model_selection import StratifiedKFold, train_test_split

    names = list(candidates or DEFAULT_CANDIDATES)
    unknown = [n for n in names if n not in CANDIDATES]
    if unknown:
        raise ValueError(f"unknown candidate {unknown[0]!r} (known: {', '.join(CANDIDATES)})")
    if corpus.vectors is None:
        names = [n for n in names if not needs_vectors(n)]
    headline = "f1" if corpus.binary else "macro_f1"
    results = {name: collections.defaultdict(list) for name in names + ["selected"]}
    outer = StratifiedKFold(folds, shuffle=True, random_state=seed)
    started = time.perf_counter()
    for fold, (train, test) in enumerate(outer.split(corpus.ids, corpus.y)):
        inner_train, inner_val = train_test_split(train, test_size=0.2, stratify=corpus.y[train], random_state=seed)
        inner_scores, fitted = {}, {}
        for name in names:
            inner_scores[name] = score(corpus, inner_val, fit(name, corpus, inner_train, fitted)(inner_val))[headline]
            predict = fit(name, corpus, train, fitted)
            t1 = time.perf_counter()
            proba = predict(test)
            t2 = time.perf_counter()
            for metric, value in score(corpus, test, proba).items():
                results[name][metric].append(value)
            results[name]["fit_seconds"].append(fit_seconds(name, train, fitted))
            results[name]["predict_seconds"].append(t2 - t1)
            if hasattr(predict, "rounds"):  # XGBoost: the rounds early stopping kept
                results[name]["rounds"].append(predict.rounds)
        chosen = max((n for n in names if n not in BASELINES), key=lambda n: inner_scores[n])
        for metric in (headline, "roc_auc"):
            results["selected"][metric].append(results[chosen][metric][-1])
        results["selected"]["chosen"].append(chosen)
        progress(f"fold {fold + 1}/{folds}: " + ", ".join(f"{n} {results[n][headline][-1]:.3f}" for n in names)
                 + f"; selected {chosen}")
        if fold == 0 and folds > 1:  # the budget, once one fold has measured it
            elapsed = time.perf_counter() - started
            progress(f"time budget: fold 1 took {elapsed:.0f}s; the {folds} folds take about {elapsed * folds:.0f}s")
    rows = []
    for name, values in results.items():
        rows.append({
            "candidate": name, "metric": headline, "mean": float(np.mean(values[headline])),
            "std": float(np.std(values[headline])), "roc_auc": float(np.mean(values["roc_auc"])),
            "fit_seconds": float(np.mean(values["fit_seconds"])) if values["fit_seconds"] else None,
            "predict_seconds": float(np.mean(values["predict_seconds"])) if values["predict_seconds"] else None,
            "chosen": collections.Counter(values["chosen"]).most_common() if name == "selected" else None,
            "rounds": [int(r) for r in values["rounds"]] or None,
        })
    return sorted(rows, key=lambda r: -r["mean"])


def corpus_from_rows(ids, texts, labels, positive=None, vectors_model: str | None = None,
                     dictionary: str = "ipadic", fasttext_store: str | None = None) -> Corpus:
    """Normalise and tokenize once; rows whose text is rejected by the normaliser are left out."""
    from embeddings.normalise import normalise_or_reject
    from embeddings.tokenize import Tokenizer

    tokenizer = Tokenizer(dictionary)
    keep, normalised = [], []
    for i, t, l in zip(ids, texts, labels):
        clean, reason = normalise_or_reject(t, 100_000)
        if l is not None and reason is None:
            keep.append((i, t, l))
            normalised.append(clean)
    tokens = tokenizer.tokenize_many(normalised)
    raw_labels = [l for _, _, l in keep]
    if positive is not None:
        if positive not in raw_labels:
            raise ValueError(f"--positive {positive!r} is not a label of the data")
        classes = ["other", positive]
        y = np.array([1 if l == positive else 0 for l in raw_labels])
    else:
        classes = sorted(set(raw_labels))
        y = np.array([classes.index(l) for l in raw_labels])
    if len(classes) < 2:
        raise ValueError("the leaderboard needs at least two labels")
    corpus = Corpus([i for i, _, _ in keep], normalised, tokens, y, classes)
    if fasttext_store is not None:
        corpus.fasttext_store = fasttext_store
        corpus.vectors = _mean_vectors(tokens, fasttext_store)
    return corpus


def _mean_vectors(tokens: list[str], store: str, **params) -> np.ndarray:
    """Unsupervised fastText on all texts (no labels involved), mean token vectors."""
    import hashlib
    import os

    from embeddings.fasttext_model import FastTextParams, train_or_reuse
    from embeddings.vectors import MeanTokenVectors

    with tempfile.TemporaryDirectory(prefix="dwhml-lb-") as tmp:
        corpus_path = os.path.join(tmp, "corpus.txt")
        text = "".join(t + "\n" for t in tokens)
        Path(corpus_path).write_text(text, encoding="utf-8")
        model, _, _ = train_or_reuse(corpus_path, hashlib.sha256(text.encode()).hexdigest(),
                                     FastTextParams(**params), store)
    matrix, _ = MeanTokenVectors(model).mean(tokens)
    return matrix


def format_rows(rows: list[dict]) -> str:
    width = max(22, *(len(r["candidate"]) for r in rows))
    lines = [f"{'candidate':<{width}} {rows[0]['metric']:>9} {'± std':>7} {'roc_auc':>8} {'fit s':>7} {'predict s':>9}"]
    for r in rows:
        fit = f"{r['fit_seconds']:.1f}" if r["fit_seconds"] is not None else "-"
        pred = f"{r['predict_seconds']:.1f}" if r["predict_seconds"] is not None else "-"
        tag = " (baseline)" if r["candidate"] in BASELINES else ""
        lines.append(f"{r['candidate']:<{width}} {r['mean']:9.3f} {r['std']:7.3f} {r['roc_auc']:8.3f} {fit:>7} {pred:>9}{tag}")
        if r["chosen"]:
            lines.append(f"{'':<{width}} chosen per fold: " + ", ".join(f"{n} x{k}" for n, k in r["chosen"]))
        if r.get("rounds"):
            lines.append(f"{'':<{width}} boosting rounds kept per fold (early stopping): "
                         + ", ".join(str(n) for n in r["rounds"]))
    return "\n".join(lines)


def save(conn, rows: list[dict], task: str, source: str, texts: int) -> None:
    """Append a run to main.leaderboard (one row per candidate)."""
    conn.execute("""create table if not exists main.leaderboard (
        run_at timestamp, source varchar, task varchar, texts integer, candidate varchar, metric varchar,
        mean double, std double, roc_auc double, fit_seconds double, predict_seconds double, chosen varchar)""")
    for r in rows:
        conn.execute("insert into main.leaderboard values (current_timestamp, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [source, task, texts, r["candidate"], r["metric"], r["mean"], r["std"], r["roc_auc"],
                      r["fit_seconds"], r["predict_seconds"], str(r["chosen"]) if r["chosen"] else None])
