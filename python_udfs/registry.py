"""The UDFs the dbt-duckdb plugin registers; each wraps one plain function of this package."""
from __future__ import annotations

import json

import numpy as np
import pyarrow as pa

PREDICTION_TYPE = "STRUCT(prediction DOUBLE, label_index INTEGER, probability DOUBLE)"


def _plain(array):
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _struct(prediction, label_index, probability) -> pa.StructArray:
    return pa.StructArray.from_arrays(
        [pa.array(prediction, pa.float64()), pa.array(label_index, pa.int32(), mask=label_index < 0),
         pa.array(probability, pa.float64(), from_pandas=True)],
        names=["prediction", "label_index", "probability"])


def _single_artifact(artifacts) -> str:
    values = _plain(artifacts).unique().to_pylist()
    if len(values) != 1 or values[0] is None:
        raise ValueError("a dwhml UDF takes one constant artifact location per query")
    return values[0]


def train_udf(model_name: str, config_json: str, parquet_path: str, store_dir: str) -> str:
    from .training import train

    return json.dumps(train(model_name, json.loads(config_json), parquet_path, store_dir), ensure_ascii=False)


def trained_meta_udf(store_dir: str, model_name: str, version: str) -> str | None:
    """The version's metadata JSON when its artifact is in the store (nothing to export or train), else NULL."""
    from .training import trained_meta

    meta = trained_meta(store_dir, model_name, version)
    return None if meta is None else json.dumps(meta, ensure_ascii=False)


def export_path_udf(model_name: str, store_dir: str, invocation_id: str) -> str:
    from .training import export_path

    return export_path(model_name, store_dir, invocation_id)


def function_ddl_udf(artifact_dir: str, function_name: str, schema: str) -> list[str]:
    from .predicting import function_ddl

    return function_ddl(artifact_dir, function_name, schema or None)


def predict_udf(artifacts, features):
    from .predicting import predict_matrix

    features = _plain(features)
    n = len(features)
    if features.null_count:
        raise ValueError("dwhml_predict: a feature list is NULL")
    width = len(features[0]) if n else 0
    flat = features.flatten().to_numpy(zero_copy_only=False).astype(np.float32, copy=False)
    if flat.size != n * width:
        raise ValueError("dwhml_predict: feature lists differ in length")
    if n == 0:
        return _struct(np.zeros(0), np.zeros(0, np.int32), np.zeros(0))
    return _struct(*predict_matrix(_single_artifact(artifacts), flat.reshape(n, width)))


def topic_distribution_udf(artifacts, features, weights):
    """dwhml_topic_distribution(artifact, features[], weights[]) -> DOUBLE[]: an LDA version's topics of each
    text (python_udfs/topics.infer_topics); NULL for a text with no word of its vocabulary."""
    from .topics import infer_topics

    result = infer_topics(_single_artifact(artifacts), _plain(features).to_pylist(), _plain(weights).to_pylist())
    return pa.array(result, pa.list_(pa.float64()))


NEIGHBOUR_TYPE = "STRUCT(id VARCHAR, neighbour_id VARCHAR, similarity DOUBLE, neighbour_rank INTEGER)[]"


def similar_udf(ids, vectors, ks, parallel_models):
    """dwhml_similar(ids[], vectors[][], k, parallel models) -> the rows of python_udfs/similar.nearest_neighbours,
    per input row (macros/similar_sql.sql passes every text in one row, and dbt's threads: its share of the
    cores, python_udfs/threads.py)."""
    from .threads import limited, per_model

    parallel = _plain(parallel_models)
    with limited(per_model(parallel[0].as_py() if len(parallel) else None)):
        return _similar_rows(_plain(ids), _plain(vectors), _plain(ks))


def _similar_rows(ids, vectors, ks):
    from .similar import nearest_neighbours

    fields = [("id", pa.string()), ("neighbour_id", pa.string()), ("similarity", pa.float64()),
              ("neighbour_rank", pa.int32())]
    offsets, parts = [0], []
    for i in range(len(ids)):
        row_ids = ids[i].values.to_pylist()
        rows = vectors[i].values
        width = len(rows[0]) if len(rows) else 0
        flat = rows.flatten()
        if flat.null_count or rows.null_count or len(flat) != len(row_ids) * width:
            raise ValueError("dwhml_similar: every vector needs the same number of non-NULL values")
        found = nearest_neighbours(row_ids, flat.to_numpy(zero_copy_only=False).reshape(len(row_ids), width),
                                   ks[i].as_py())
        parts.append(pa.StructArray.from_arrays([pa.array(found[f], t) for f, t in fields], [f for f, _ in fields]))
        offsets.append(offsets[-1] + len(found["id"]))
    values = pa.concat_arrays(parts) if parts else pa.array([], pa.struct(fields))
    return pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values)


def register_all(conn) -> None:
    """Register every dwhml UDF on a DuckDB connection."""
    import duckdb

    from .libraries import loaded_first

    existing = {r[0] for r in conn.execute(
        "select function_name from duckdb_functions() where function_name like 'dwhml_%'").fetchall()}
    if "dwhml_train" in existing:
        return
    varchar = duckdb.sqltype("VARCHAR")
    prediction = duckdb.sqltype(PREDICTION_TYPE)
    conn.create_function("dwhml_train", loaded_first(train_udf), [varchar] * 4, varchar, side_effects=True)
    conn.create_function("dwhml_export_path", loaded_first(export_path_udf), [varchar] * 3, varchar,
                         side_effects=True)
    conn.create_function("dwhml_trained_meta", loaded_first(trained_meta_udf), [varchar] * 3, varchar,
                         side_effects=True, null_handling="special")
    conn.create_function("dwhml_function_ddl", loaded_first(function_ddl_udf), [varchar] * 3,
                         duckdb.sqltype("VARCHAR[]"), side_effects=True)
    conn.create_function("dwhml_predict", loaded_first(predict_udf), [varchar, duckdb.sqltype("FLOAT[]")], prediction,
                         type="arrow")
    conn.create_function("dwhml_similar", loaded_first(similar_udf),
                         [duckdb.sqltype("VARCHAR[]"), duckdb.sqltype("DOUBLE[][]"), duckdb.sqltype("INTEGER"),
                          duckdb.sqltype("INTEGER")],
                         duckdb.sqltype(NEIGHBOUR_TYPE), type="arrow")
    # Volatile (side_effects), though its result is deterministic: otherwise DuckDB copies the call into the
    # pushed-down filter of macros/topics.sql's `where distribution is not null` and infers every text twice.
    conn.create_function("dwhml_topic_distribution", loaded_first(topic_distribution_udf),
                         [varchar, duckdb.sqltype("VARCHAR[]"), duckdb.sqltype("DOUBLE[]")],
                         duckdb.sqltype("DOUBLE[]"), type="arrow", null_handling="special", side_effects=True)
