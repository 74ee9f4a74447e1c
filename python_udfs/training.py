"""Train a model from an exported Parquet file into a versioned artifact directory.

Called by the ``dwhml_train`` UDF (see registry.py) and directly by tests. The
version is given: the ml_model materialization derives it on every target from
the training rows' fingerprint and the config (macros/version_identity.sql) and
records it in the registry; a version whose artifact exists is not trained again.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .model_config import (MODEL_TYPES, PROBLEM_TYPES, SCORED_BY_JOIN, TOPIC_MODEL_TYPES, XGBOOST_ENGINE_SETTINGS,
                           hyperparameters)
from .threads import limited, per_model

META = "meta.json"


def export_path(model_name: str, store_dir: str, invocation_id: str) -> str:
    """Absolute path for this run's training export; creates the model's directory."""
    directory = Path(store_dir).resolve() / model_name
    directory.mkdir(parents=True, exist_ok=True)
    return str(directory / f"export-{invocation_id}.parquet")


def trained_meta(store_dir: str, model_name: str, version: str) -> dict | None:
    """The metadata of a trained version in the model store, or None when it was never trained (or removed)."""
    path = Path(store_dir).resolve() / model_name / version / META
    return json.loads(path.read_text()) if path.is_file() else None


def _classes(model_name: str, y: pa.ChunkedArray, problem_type: str, positive_class) -> list:
    values = pc.unique(y.drop_null()).to_pylist()
    try:
        classes = sorted(values)
    except TypeError as exc:
        raise ValueError(f"model {model_name!r}: target has values of mixed types") from exc
    if problem_type == "binary_classification":
        if len(classes) != 2:
            raise ValueError(f"model {model_name!r}: binary_classification needs exactly 2 target values, "
                             f"found {len(classes)}: {classes[:5]}")
        if positive_class is not None:
            if positive_class not in classes:
                raise ValueError(f"model {model_name!r}: positive_class {positive_class!r} is not a target value "
                                 f"({classes})")
            classes = [c for c in classes if c != positive_class] + [positive_class]
    elif len(classes) < 2:
        raise ValueError(f"model {model_name!r}: multiclass_classification needs at least 2 target values")
    return classes


def fit_xgboost(X, y, problem_type, params, n_classes, stop_on=None, stop_after=None, curve=None, threads=None):
    """XGBoost with dwhml's engine settings on `threads` threads (none: every core); with `stop_on` (X, y held out
    of the fit) boosting stops once their loss has not improved for `stop_after` rounds (the booster's
    best_iteration says where: the leaderboard's use; a model version trains num_round rounds). A `curve` dict
    receives the per-round loss on the fitted and the held-out rows (the learning curve of a tuning trial)."""
    import xgboost as xgb

    booster_params = {k: v for k, v in params.items() if k != "num_round"}
    # The thread count changes the time, not the trees (the same model bytes on 1 and 2 threads).
    booster_params.update(XGBOOST_ENGINE_SETTINGS, nthread=threads or per_model())
    if problem_type == "binary_classification":
        booster_params["objective"] = "binary:logistic"
    elif problem_type == "multiclass_classification":
        booster_params.update(objective="multi:softprob", num_class=n_classes)
    else:
        booster_params["objective"] = "reg:squarederror"
    train = xgb.DMatrix(X, label=y, missing=np.nan)
    if stop_on is None:
        return xgb.train(booster_params, train, num_boost_round=params["num_round"])
    held_out = xgb.DMatrix(stop_on[0], label=stop_on[1], missing=np.nan)
    # Early stopping watches the last of the evals: the held-out rows.
    evals = ([(train, "train")] if curve is not None else []) + [(held_out, "validation")]
    recorded: dict = {}
    booster = xgb.train(booster_params, train, num_boost_round=params["num_round"], evals=evals,
                        early_stopping_rounds=stop_after, verbose_eval=False, evals_result=recorded)
    if curve is not None:
        metric = next(iter(recorded["validation"]))
        curve.update(metric=metric, train=[round(v, 6) for v in recorded["train"][metric]],
                     validation=[round(v, 6) for v in recorded["validation"][metric]])
    return booster


def class_scores(booster, X, problem_type) -> np.ndarray:
    """A booster's class probabilities (n x classes; the positive class second when binary), or its
    predictions for regression."""
    raw = np.asarray(booster.inplace_predict(X, missing=np.nan))
    if problem_type == "binary_classification":
        return np.column_stack([1.0 - raw, raw])
    return raw


def train(model_name: str, config: dict, parquet_path: str, store_dir: str) -> dict:
    """Train (or reuse) the model; return its metadata (also written to meta.json). A failure leaves no
    training export and no half-written version directory behind."""
    partial: list[Path] = []
    try:
        with limited(per_model(config.get("parallel_models"))) as threads:
            return _train(model_name, config, parquet_path, store_dir, partial, threads)
    except BaseException:
        for path in [Path(parquet_path), *partial]:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            elif path.exists():
                path.unlink()
        raise


def _refuse_empty(model_name: str, parquet_path: str) -> None:
    if pq.ParquetFile(parquet_path).metadata.num_rows == 0:
        raise ValueError(f"model {model_name!r}: the training SELECT returned no rows")


def _reused(model_name: str, config: dict, parquet_path: str, store_dir: str) -> dict | None:
    """The version's metadata, marked reused, when its artifact is in the store already (the export is dropped:
    nothing to train), else None."""
    meta = trained_meta(store_dir, model_name, config.get("version") or "")
    if meta is not None:
        meta["reused"] = True
        os.remove(parquet_path)
    return meta


def _new_version_dir(model_name: str, config: dict, store_dir: str, partial: list):
    """(the version's directory, its temporary twin to write into, when training started); the version must
    be given (the materialization derives it)."""
    version = config.get("version")
    if not version:
        raise ValueError(f"model {model_name!r}: no version given (the materialization derives it)")
    artifact_dir = Path(store_dir).resolve() / model_name / version
    tmp_dir = artifact_dir.with_name(version + ".tmp")
    shutil.rmtree(tmp_dir, ignore_errors=True)
    tmp_dir.mkdir(parents=True)
    partial.append(tmp_dir)
    return artifact_dir, tmp_dir, dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def _complete(meta: dict, parquet_path: str, artifact_dir: Path, tmp_dir: Path) -> dict:
    """Move the training rows and meta.json into the version's directory in one rename: a version directory is
    complete or absent."""
    os.replace(parquet_path, tmp_dir / "train.parquet")
    (tmp_dir / META).write_text(json.dumps(meta, ensure_ascii=False, indent=1))
    if artifact_dir.exists():
        shutil.rmtree(artifact_dir)
    os.replace(tmp_dir, artifact_dir)
    meta["reused"] = False
    return meta


def _train_topic_model(model_name: str, config: dict, parquet_path: str, store_dir: str, partial: list) -> dict:
    """LDA on (id, feature, weight[, split]) rows or k-means on (id, numeric columns...): the topic tables and
    the quality measures (python_udfs/topics.py) in the version's directory."""
    from . import topics

    model_type = config["model_type"]
    params = hyperparameters(model_name, model_type, config.get("hyperparameters") or {})
    split = config.get("data_split_column")
    columns = pq.read_schema(parquet_path).names
    expected = {"lda": ["feature", "id", "weight"], "kmeans": None}[model_type]
    given = sorted(c for c in columns if c != split)
    if "id" not in columns or (expected is not None and given != expected):
        raise ValueError(f"model {model_name!r}: model_type {model_type} needs the columns "
                         f"{'id, feature, weight' if expected else 'id and numeric columns'}"
                         f"{' and ' + split if split else ''}, got {', '.join(columns)}")
    _refuse_empty(model_name, parquet_path)
    meta = _reused(model_name, config, parquet_path, store_dir)
    if meta is not None:
        return meta
    artifact_dir, tmp_dir, trained_at = _new_version_dir(model_name, config, store_dir, partial)
    started = time.perf_counter()
    try:
        if model_type == "lda":
            training_rows, metrics = topics.fit_lda(parquet_path, params, tmp_dir, split)
        else:
            table = pq.read_table(parquet_path, columns=[c for c in columns if c != split])
            training_rows, metrics = topics.fit_kmeans(table, params, tmp_dir)
    except ValueError as exc:
        raise ValueError(f"model {model_name!r}: {exc}") from exc
    meta = {
        "model_name": model_name, "model_version": config["version"], "problem_type": "topic_model",
        "model_type": model_type, "target": None, "features": [c for c in columns if c not in ("id", split)],
        "classes": None, "hyperparameters": params, "training_rows": training_rows,
        "function_name": config.get("function") if model_type == "kmeans" else None, "trained_at": trained_at,
        "train_seconds": round(time.perf_counter() - started, 3), "artifact_location": str(artifact_dir),
        "feature_relation": None, "forced": bool(config.get("force")), "metrics": metrics,
    }
    return _complete(meta, parquet_path, artifact_dir, tmp_dir)


def _train(model_name: str, config: dict, parquet_path: str, store_dir: str, partial: list, threads: int) -> dict:
    problem_type, model_type, target = config["problem_type"], config["model_type"], config.get("target")
    if problem_type not in PROBLEM_TYPES or model_type not in MODEL_TYPES:
        raise ValueError(f"model {model_name!r}: unsupported problem_type/model_type {problem_type}/{model_type}")
    if (problem_type == "topic_model") != (model_type in TOPIC_MODEL_TYPES):
        raise ValueError(f"model {model_name!r}: problem_type topic_model goes with model_type "
                         f"{' or '.join(TOPIC_MODEL_TYPES)}, got {problem_type}/{model_type}")
    if problem_type == "topic_model":
        return _train_topic_model(model_name, config, parquet_path, store_dir, partial)
    if model_type in SCORED_BY_JOIN and problem_type == "regression":
        raise ValueError(f"model {model_name!r}: {model_type} supports classification only")
    if model_type == "blend" and problem_type != "binary_classification":
        raise ValueError(f"model {model_name!r}: blend supports binary_classification only")
    params = hyperparameters(model_name, model_type, config.get("hyperparameters") or {})
    # The schema, the row count and the target column only: the linear models stream the rest from the file
    # (hundreds of millions of feature rows), the other model types read it whole below.
    columns = pq.read_schema(parquet_path).names
    if target not in columns:
        raise ValueError(f"model {model_name!r}: target column {target!r} is not in the training SELECT")
    features = [c for c in columns if c != target]
    _refuse_empty(model_name, parquet_path)
    y_column = pq.read_table(parquet_path, columns=[target]).column(target)
    null_targets = y_column.null_count
    if null_targets:
        raise ValueError(f"model {model_name!r}: {null_targets} training rows have a NULL target {target!r}")

    meta = _reused(model_name, config, parquet_path, store_dir)
    if meta is not None:
        return meta

    classes = None
    if problem_type != "regression":
        classes = _classes(model_name, y_column, problem_type, config.get("positive_class"))
        index = {c: i for i, c in enumerate(classes)}
    if model_type in (*SCORED_BY_JOIN, "blend"):
        y = None
    elif problem_type != "regression":
        y = np.array([index[v] for v in y_column.to_pylist()], dtype=np.float32)
    else:
        if not (pa.types.is_integer(y_column.type) or pa.types.is_floating(y_column.type)
                or pa.types.is_decimal(y_column.type)):
            raise ValueError(f"model {model_name!r}: regression needs a numeric target; {target!r} is {y_column.type}")
        y = y_column.cast(pa.float64()).to_numpy()

    tuned = None
    X = None
    if model_type == "xgboost":
        table = pq.read_table(parquet_path)
        X = np.column_stack([table.column(f).cast(pa.float32()).to_numpy(zero_copy_only=False) for f in features])
        del table
    if config.get("tuning"):
        if model_type not in TUNED_FAMILIES:
            raise ValueError(f"model {model_name!r}: meta.dwhml.tuning is for model_type "
                             f"{', '.join(TUNED_FAMILIES)}, not {model_type}")
        try:
            tuned = _tune(problem_type, model_type, params, config["tuning"], X, y, parquet_path, target, classes,
                          threads)
        except ValueError as exc:
            raise ValueError(f"model {model_name!r}: {exc}") from exc
        params = tuned["parameters"]

    artifact_dir, tmp_dir, trained_at = _new_version_dir(model_name, config, store_dir, partial)
    started = time.perf_counter()
    training_rows = len(y_column)
    if model_type == "xgboost":
        booster = fit_xgboost(X, y, problem_type, params, len(classes or []), threads=threads)
        booster.save_model(str(tmp_dir / "model.ubj"))
    elif model_type in SCORED_BY_JOIN:
        from .sparse_linear import fit

        training_rows = fit(parquet_path, target, index, params, tmp_dir, model_type)
    elif model_type == "blend":
        # Nothing to fit: the components are trained models; the version pins their versions.
        params = {**params, "components": [{"name": c["name"], "version": c["version"]} for c in config["components"]]}
    meta = {
        "model_name": model_name, "model_version": config["version"], "problem_type": problem_type,
        "model_type": model_type, "target": target, "features": features, "classes": classes,
        "hyperparameters": params, "training_rows": training_rows, "function_name": config.get("function"),
        "trained_at": trained_at,
        "train_seconds": round(time.perf_counter() - started, 3), "artifact_location": str(artifact_dir),
        "feature_relation": config.get("feature_relation"),
        "forced": bool(config.get("force")),
    }
    if tuned is not None:
        meta["tuning"] = {**{k: v for k, v in tuned.items() if k != "parameters"}, "config": config["tuning"]}
    return _complete(meta, parquet_path, artifact_dir, tmp_dir)


def _rows_of(table: pa.Table, ids: list) -> pa.Table:
    return table.filter(pc.is_in(table.column("id"), pa.array(ids, table.column("id").type)))


# The model types meta.dwhml.tuning tunes (macros/ml_config.sql's tuned_model_types; bound by a test).
TUNED_FAMILIES = ("xgboost", "sparse_linear", "bow_linear_svc")


def _tune(problem_type, model_type, params, tuning, X, y, parquet_path, target, classes, threads) -> dict:
    """The study of python_udfs/tuning.py over this model's training rows; returns its result. Trials run side
    by side share the model's threads."""
    from . import tuning as tuning_module

    n_classes = len(classes or [])
    if model_type == "xgboost":
        splits = tuning_module.validation_splits(tuning_module.row_keys(X, y), tuning["validation"])

        def fit_and_score(trial_params, fit_rows, valid_rows):
            curve: dict = {}
            booster = fit_xgboost(X[fit_rows], y[fit_rows], problem_type, trial_params, n_classes,
                                  stop_on=(X[valid_rows], y[valid_rows]), curve=curve,
                                  threads=max(1, threads // tuning.get("parallel_trials", 1)))
            scores = class_scores(booster, X[valid_rows], problem_type)
            return tuning_module.metrics(problem_type, y[valid_rows], scores), curve
    else:
        import tempfile

        from .sparse_linear import entries, feature_settings, fit, predict_proba

        table = pq.read_table(parquet_path, columns=["id", "feature", "weight", target])
        parsed = entries(table, target)
        ids, labels = parsed.id_values.to_pylist(), parsed.labels
        del parsed
        index = {c: i for i, c in enumerate(classes)}
        label_of = dict(zip(ids, (index[v] for v in labels)))
        splits = tuning_module.validation_splits(ids, tuning["validation"])
        parts = {}  # (fit rows, validation rows) per fold, cut and parsed once for every trial

        def fold_tables(fit_rows, valid_rows):
            key = int(valid_rows[0])
            if key not in parts:
                parts[key] = (entries(_rows_of(table, [ids[r] for r in fit_rows]), target),
                              entries(_rows_of(table, [ids[r] for r in valid_rows]).select(["id", "feature", "weight"])))
            return parts[key]

        def fit_and_score(trial_params, fit_rows, valid_rows):
            fit_table, valid_table = fold_tables(fit_rows, valid_rows)
            with tempfile.TemporaryDirectory(prefix="dwhml-trial-") as out_dir:
                fit(fit_table, target, index, trial_params, Path(out_dir), model_type)
                scored_ids, proba = predict_proba(out_dir, valid_table, n_classes,
                                                  feature_settings(model_type, trial_params)["weighting"])
            truth = np.array([label_of[i] for i in scored_ids])
            return tuning_module.metrics(problem_type, truth, proba), None
    return tuning_module.tune(params, tuning, splits, fit_and_score)
