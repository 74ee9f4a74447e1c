"""Golden files of the SQL the project's macros generate, per adapter, and dialect parsing.

Regenerate after an intended change with DWHML_UPDATE_GOLDEN=1 and review the diff.
"""
from pathlib import Path

import pytest
import sqlfluff

from dbt_runner import DbtProject, assert_golden, compile_cases, scoring_cases, topic_sql_cases

GOLDEN = Path(__file__).parent / "golden" / "sql"

# Fixed model-info rows, so the SQL does not depend on a trained version.
MODEL_INFO = {
    "golden_binary": ("binary_classification", "xgboost", "is_employment", '["dim_0", "dim_1"]', "[0, 1]"),
    "golden_multiclass": ("multiclass_classification", "xgboost", "sector", '["dim_0", "dim_1"]',
                          '["企業動向", "家計動向", "雇用"]'),
    "golden_regression": ("regression", "xgboost", "score", '["dim_0", "dim_1"]', "null"),
    "golden_bow": ("binary_classification", "bow_linear_svc", "is_employment", '["id", "feature", "weight"]', "[0, 1]"),
    "golden_sparse": ("multiclass_classification", "sparse_linear", "sector", '["id", "feature", "weight"]',
                      '["企業動向", "家計動向", "雇用"]'),
    "golden_sparse_binary": ("binary_classification", "sparse_linear", "is_employment",
                             '["id", "feature", "weight"]', "[0, 1]"),
    "golden_blend": ("binary_classification", "blend", "is_employment", '["id", "dim_0", "dim_1"]', "[0, 1]"),
}
VOCABULARY_BLOCKS = {"golden_bow": ["w"], "golden_sparse": ["c", "w"], "golden_sparse_binary": ["c", "w"]}
HYPERPARAMETERS = {"golden_bow": '{"c": 1.0, "max_iter": 5000, "weighting": "tfidf"}',
                   "golden_blend": '{"weight": 0.25, "components": [{"name": "golden_binary", "version": '
                                   '"v0000000000000001"}, {"name": "golden_sparse_binary", "version": '
                                   '"v0000000000000001"}]}'}

CASES = {
    **scoring_cases(),
    **topic_sql_cases(),
    # DuckDB's LDA inference of new texts (tests/test_topics.py runs this golden on a fitted model).
    "topic_lda": "{{ dwhml.lda_topics_sql({'model_version': 'v0123456789abcdef', 'artifact_location': "
                 "'/store/comment_topics/v1', 'hyperparameters': {'num_topics': 2}}, 'word_rows') }}",
    "predict_binary": "{{ dwhml.predict('main.golden_binary', 'input_rows') }}",
    "predict_multiclass": "{{ dwhml.predict('main.golden_multiclass', 'input_rows') }}",
    "predict_regression": "{{ dwhml.predict('main.golden_regression', 'input_rows') }}",
    "predict_bow": "{{ dwhml.predict('main.golden_bow', 'input_rows') }}",
    "predict_sparse_multiclass": "{{ dwhml.predict('main.golden_sparse', 'input_rows') }}",
    "predict_sparse_binary": "{{ dwhml.predict('main.golden_sparse_binary', 'input_rows') }}",
    "predict_blend": "{{ dwhml.predict('main.golden_blend', 'input_rows') }}",
    "binary_curve": "{{ dwhml.binary_curve('predictions', 'main.golden_binary', 'is_employment') }}",
    "text_features": "{{ dwhml.text_features_sql('raw.text_tokens') }}",
    "evaluate_binary": "{{ dwhml.evaluate('predictions', 'main.golden_binary', 'is_employment') }}",
    "evaluate_multiclass": "{{ dwhml.evaluate('predictions', 'main.golden_multiclass', 'sector') }}",
    "evaluate_regression": "{{ dwhml.evaluate('predictions', 'main.golden_regression', 'score') }}",
    "confusion_matrix": "{{ dwhml.confusion_matrix('predictions', 'main.golden_multiclass', 'sector') }}",
    "hash_bucket": "select {{ dwhml.hash_bucket('id') }} as bucket from texts",
    "string_literal": "select {{ dwhml.string_literal(\"it's \\\\ 'quoted'\") }} as s",
}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    project = DbtProject(tmp_path_factory.mktemp("golden"))
    conn = project.connect(read_only=False)
    for name, (problem, model_type, target, features, classes) in MODEL_INFO.items():
        conn.execute("create table main." + name + " as select ? as model_name, 'v0000000000000001' as model_version, "
                     "? as problem_type, ? as model_type, ? as target, ? as features, ? as classes, "
                     "'/store/' || ? || '/v1' as artifact_location, 'fn_' || ? as function_name, "
                     "case when ? in ('sparse_linear', 'bow_linear_svc') then 'main.text_features' end as feature_relation, "
                     "? as hyperparameters, cast(null as varchar) as model_database, "
                     "cast(null as varchar) as model_schema, cast(null as varchar) as model_identifier",
                     [name, problem, model_type, target, features, classes, name, name, model_type,
                      HYPERPARAMETERS.get(name, "{}")])
    # The linear models' vocabularies: the SQL scores their blocks (dwhml.vocabulary_blocks reads them).
    for name, blocks in VOCABULARY_BLOCKS.items():
        conn.execute(f"create table main.{name}__vocabulary as select block || ':x' as feature, block, 1.0 as idf "
                     f"from (select unnest(?) as block)", [blocks])
    conn.close()
    return compile_cases(project, CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_duckdb_sql_matches_golden(compiled, case):
    assert_golden(GOLDEN / "duckdb" / f"{case}.sql", compiled[case])


@pytest.mark.parametrize("case", sorted(CASES))
def test_duckdb_sql_parses_in_the_duckdb_dialect(compiled, case):
    sqlfluff.parse(compiled[case].replace("input_rows", "input_rows_table"), dialect="duckdb")


# SQL that dwhml calls engine-neutral. Compiled here for DuckDB, its types are spelled the way
# Redshift also accepts (varchar, double precision), so the DuckDB text must parse as Redshift SQL.
# BigQuery spells those types differently (string, float64: dispatched fragments, issue 7), so only
# the scoring SQL, which casts nothing, is checked in its dialect here.
ENGINE_NEUTRAL = {"redshift": ["predict_sparse_binary", "predict_sparse_multiclass", "predict_bow", "evaluate_binary",
                               "evaluate_multiclass", "evaluate_regression", "confusion_matrix", "binary_curve"],
                  "bigquery": ["predict_sparse_binary", "predict_sparse_multiclass", "predict_bow"]}


@pytest.mark.parametrize("dialect, case", [(d, c) for d, cases in ENGINE_NEUTRAL.items() for c in cases])
def test_engine_neutral_sql_parses_in_the_warehouse_dialects(dialect, case):
    sql = (GOLDEN / "duckdb" / f"{case}.sql").read_text(encoding="utf-8")
    sqlfluff.parse(sql.replace("input_rows", "input_rows_table"), dialect=dialect)


def test_the_loaders_split_is_the_packages_sql_split(tmp_path):
    # embeddings.split (the supervised embed's train rows) against the SQL the package compiles (golden).
    import duckdb

    from embeddings.split import hash_bucket

    ids = [f"current-2024{m:02d}-{n:04d}" for m in range(1, 13) for n in range(0, 400, 7)] + ["雇用", "it's", ""]
    conn = duckdb.connect()
    conn.execute("create table texts (id varchar)")
    conn.executemany("insert into texts values (?)", [(i,) for i in ids])
    sql = (GOLDEN / "duckdb" / "hash_bucket.sql").read_text(encoding="utf-8").replace("from texts", "from texts order by id")
    buckets = [r[0] for r in conn.execute(sql).fetchall()]
    assert buckets == [hash_bucket(i) for i in sorted(ids)]
    assert len(set(buckets)) > 50
