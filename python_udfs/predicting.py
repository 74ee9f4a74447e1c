"""Batch prediction from a trained artifact: the logic behind the dwhml_predict UDFs."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np


@lru_cache(maxsize=16)
def load_artifact(artifact_dir: str):
    meta = json.loads((Path(artifact_dir) / "meta.json").read_text())
    if meta["model_type"] != "xgboost":
        raise ValueError(f"model {meta['model_name']}: a {meta['model_type']} model is scored in SQL "
                         "(dwhml.predict), not by the plugin")
    import xgboost as xgb

    model = xgb.Booster(model_file=str(Path(artifact_dir) / "model.ubj"))
    # One thread per call: DuckDB already runs the UDF on every core.
    model.set_param({"nthread": 1})
    return meta, model


def _from_scores(meta: dict, scores: np.ndarray):
    """(prediction, label_index, probability) from model outputs.

    binary: probability of the positive class (classes[1]); multiclass: probability
    of the predicted class; regression: the value, no label or probability.
    """
    n = scores.shape[0]
    if meta["problem_type"] == "regression":
        return scores.astype(np.float64), np.full(n, -1, np.int32), np.full(n, np.nan)
    if meta["problem_type"] == "binary_classification":
        p = scores.reshape(n).astype(np.float64)
        label = (p >= 0.5).astype(np.int32)
        return label.astype(np.float64), label, p
    label = scores.argmax(axis=1).astype(np.int32)
    return label.astype(np.float64), label, scores.max(axis=1).astype(np.float64)


def predict_matrix(artifact_dir: str, X: np.ndarray):
    meta, booster = load_artifact(artifact_dir)
    if X.shape[1] != len(meta["features"]):
        raise ValueError(f"model {meta['model_name']} expects {len(meta['features'])} features, got {X.shape[1]}")
    return _from_scores(meta, np.asarray(booster.inplace_predict(X, missing=np.nan)))


def function_ddl(artifact_dir: str, function_name: str, schema: str | None = None) -> list[str]:
    """CREATE MACRO statements for the analyst functions of an XGBoost artifact."""
    from .tree_sql import macro_ddl

    meta, booster = load_artifact(artifact_dir)
    if meta["model_type"] != "xgboost":
        raise ValueError(f"model {meta['model_name']}: only xgboost models compile to a SQL function")
    return macro_ddl(booster, meta, function_name, schema)
