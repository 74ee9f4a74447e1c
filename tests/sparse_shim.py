"""What the client-fit shim tests (tests/test_redshift_sparse.py, tests/test_bigquery_sparse.py,
tests/test_warehouse_linear_models.py) share: the shims' own tables, the sparse model and its predictions
model, their 300 texts' feature rows, and the check that the promoted version's SQL predictions equal the
NumPy reference of the artifact the client fitted."""
import textwrap

import pyarrow as pa

from dwhml.leaderboard import char_word_features
from python_udfs.sparse_linear import predict_proba

TEXTS = ["求人が増えている", "来客数が減った", "雇用は安定している", "新商品の売れ行きが良い", "受注が伸びた",
         "求人広告が増えた", "客足が鈍い", "採用を増やす", "売上が落ちた", "パートの募集が多い"]
MODEL = textwrap.dedent("""\
    {{ config(materialized='ml_model', meta={'dwhml': {
        'target': 'label', 'problem_type': 'binary_classification', 'model_type': 'sparse_linear',
        'function': 'fn_rs_sparse', 'feature_relation': 'main.rs_features', 'data_split_column': 'is_test',
        'hyperparameters': {'min_df': 1}, 'grant_execute_to': ['analyst'], 'scores_from': 'main.rs_texts',
    }}) }}
    select f.label, f.id, f.feature, f.weight, f.is_test from main.rs_features as f
""")
PREDICTIONS = "{{ config(materialized='table') }}\n{{ dwhml.predict(ref('rs_sparse'), 'main.rs_texts') }}\n"
MODELS = {"ml/rs_sparse": MODEL, "predictions/rs_sparse_predictions": PREDICTIONS}


def add_shim_tables(conn, shim: str) -> None:
    """What a shim's macros read and write besides dwhml's tables: Redshift's model states, logs of the
    statements DuckDB cannot run, and the warehouse functions the fingerprints call."""
    if shim == "redshift_shim":
        conn.execute("create table main.stv_ml_model_info (schema_name varchar, model_name varchar, model_state varchar)")
        conn.execute("create table main.fake_redshift_log (statement varchar)")
        conn.execute("create or replace macro fnv_hash(a) as hash(a) % 1000003, (a, b) as (hash(a) + b) % 1000003")
    else:
        conn.execute("create table main.fake_bigquery_log (statement varchar)")
        conn.execute("create or replace macro farm_fingerprint(x) as (hash(x) % 1000000007)::bigint")
        conn.execute("create or replace macro to_json_string(t) as to_json(t)::varchar")


def add_training_rows(conn) -> None:
    """main.rs_features (id, feature, weight, label, is_test) of 300 texts, and main.rs_texts (id)."""
    rows = []
    for i in range(1, 301):
        text = TEXTS[i % len(TEXTS)] + ("、とても" if i % 4 else "") + TEXTS[(i * 7) % len(TEXTS)]
        label = int(any(w in text for w in ("求人", "雇用", "採用", "募集")))
        for feature, count in char_word_features(text, text).items():
            rows.append((i, feature, float(count), label, i % 5 == 0))
    conn.execute("create table main.rs_features (id integer, feature varchar, weight real, label integer, is_test boolean)")
    conn.executemany("insert into main.rs_features values (?, ?, ?, ?, ?)", rows)
    conn.execute("create table main.rs_texts as select distinct id from main.rs_features")


def scores_equal_to_the_reference(project, store, version) -> dict:
    """The predictions model's probabilities, asserted equal (1e-9) to the NumPy reference of the fitted artifact."""
    features = pa.table({name: column for name, column in zip(
        ["id", "feature", "weight"], zip(*project.query("select id, feature, weight from main.rs_features")))})
    ids, proba = predict_proba(store / "rs_sparse" / version, features, 2)
    expected = dict(zip(ids, proba[:, 1]))
    scored = dict(project.query("select id, predicted_probability from main.rs_sparse_predictions"))
    assert len(scored) == 300 and max(abs(scored[i] - expected[i]) for i in scored) < 1e-9
    return scored
