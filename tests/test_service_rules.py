"""The services' own rules, a layer beside the sqlfluff parse: every Redshift and BigQuery golden statement
(tests/golden/sql/{redshift,bigquery}, the loaders' SQL included) must pass them, and the statements the
services refuse (tests/golden/sql/refused: dwhml's SQL before issue 12, each with the rule it breaks) must
be refused. A linter accepting a statement is not the service accepting it; neither is this layer, which
is closer. Nothing here ran on Redshift or BigQuery.

- Redshift: tests/redshift_rules.py, the Database Developer Guide's rules as executable checks.
- BigQuery: tests/bigquery_analyzer.py, Google's GoogleSQL analyzer (the `zetasql` WebAssembly build) with
  a catalog of the tables, columns and models each statement reads; tests/bigquery_ml_rules.py, BigQuery ML's
  CREATE MODEL options (names, types, which take HPARAM_*), which the analyzer does not know.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from bigquery_analyzer import REGISTRY_COLUMNS, BigQueryAnalyzer, CatalogSpec
from bigquery_ml_rules import option_violations
from dbt_runner import TOPIC_SQL_TABLES, assert_golden
from embeddings import bigquery_io, redshift_io
from embeddings import names as embeddings_names
from redshift_rules import split_statements, violations

GOLDEN = Path(__file__).parent / "golden" / "sql"
REFUSED = GOLDEN / "refused"
ML_SCHEMA = "dwhml_ml"


# --- the loaders' SQL, as golden files of their own ---------------------------------------------------------

class RecordingCursor:
    def __init__(self):
        self.statements = []

    def execute(self, sql, *args):
        self.statements.append(sql)


def _redshift_loader_sql():
    import duckdb

    local = duckdb.connect()
    local.execute("create schema out")
    local.execute("create table out.vectors (id varchar, dim_0 real, dim_1 real, embedding_version varchar)")
    local.execute("create table out.rejects (id varchar, reason varchar)")
    local.execute("create table out.tokens (id varchar, normalised varchar, tokens varchar)")
    cursor = RecordingCursor()
    targets = {"vectors": "raw.text_vectors", "rejects": "raw.text_vector_rejects", "tokens": "raw.text_tokens"}
    cursor.statements += redshift_io._swap_sql(local, targets, {k: t + redshift_io.STAGING_SUFFIX for k, t in targets.items()})
    role = "arn:aws:iam::123456789012:role/dwhml-redshift"
    select = redshift_io._select("raw.texts", [("id", "id"), ("text", "text")])
    return {
        "loader_unload": redshift_io.unload_sql(select, "s3://dwhml-bucket/dwhml/embed/run/texts_", role),
        "loader_unload_select": redshift_io.unload_sql(
            redshift_io._select("select id, body as text from app.reviews where body <> 'it''s'",
                                [("id", "id"), ("text", "text")]), "s3://dwhml-bucket/run/texts_", "default"),
        "loader_copy": redshift_io.copy_sql("raw.text_vectors" + redshift_io.STAGING_SUFFIX,
                                            "s3://dwhml-bucket/dwhml/embed/run/vectors/", role),
        "loader_swap": ";\n".join(cursor.statements),
        **_redshift_incremental_sql(local, targets),
        **_redshift_training_sql(role),
        **_redshift_topic_inference_sql(role),
    }


def _redshift_incremental_sql(local, targets):
    """A pinned run's statements on Redshift (issue 18): the pinned version read, the texts to read staged by an
    anti-join against the fingerprints, the UNLOAD of only those, and both commits."""
    from embeddings import embedding_versions, incremental

    staging = {k: t + redshift_io.STAGING_SUFFIX for k, t in targets.items()}
    source, delta = '"raw"."texts"', "raw.text_vectors" + incremental.DELTA_SUFFIX
    version = embedding_versions.EmbeddingVersion(
        "raw.text_vectors", "ft-0123456789abcdef", "s3://dwhml-bucket/dwhml/embed/models/fasttext-0a1b.bin", "0a1b",
        {"dim": 100, "epoch": 5, "model": "skipgram"}, "nfkc-ja-1", "ipadic-1.0.0-sys392126-v102")
    return {
        "loader_pinned_version": embedding_versions.pinned_sql("raw.text_vectors", redshift_io.REDSHIFT),
        "loader_versions": embedding_versions.versions_sql(embeddings_names.relation("raw.text_vectors__fingerprints")),
        "loader_delta": "create table " + embeddings_names.relation(delta) + " as " + incremental.delta_select(
            source, '"id"', redshift_io.REDSHIFT.fingerprint('s."text"'), '"raw"."text_vectors__fingerprints"'),
        "loader_unload_changed": redshift_io.unload_sql(redshift_io._select(
            incremental.read_select(source, '"id"', '"text"', embeddings_names.relation(delta)),
            [("id", "id"), ("text", "text")]), "s3://dwhml-bucket/dwhml/embed/run/texts_", "default"),
        "loader_incremental_commit": ";\n".join(redshift_io.incremental_commit_sql(
            targets, staging, source, '"id"', delta, version.embedding_version)),
        "loader_replace_commit": ";\n".join(redshift_io.replace_commit_sql(
            local, targets, staging, incremental.new_fingerprints_select(
                embeddings_names.relation(delta), redshift_io.redshift_literal(version.embedding_version)),
            version, ["ft-fedcba9876543210"], new_version=True)),
    }


LDA_VERSION = ("comment_topics", "v0123456789abcdef", {"num_topics": 10}, None, "dwhml_ml",
               "comment_topics__v0123456789abcdef")


def _redshift_topic_inference_sql(role):
    """`dwhml infer-topics --target redshift`'s statements (dwhml.redshift_topic_inference)."""
    from dwhml import redshift_topic_inference, topic_inference

    version = topic_inference.LdaVersion(*LDA_VERSION)
    cursor = RecordingCursor()
    redshift_topic_inference._replace_texts(cursor, "dwhml.comment_topic_assignments",
                                            "dwhml.comment_topic_assignments" + redshift_io.STAGING_SUFFIX,
                                            '"id" varchar(65535), "topic" bigint, "probability" double precision, '
                                            '"model_version" varchar(65535)', version.model_version)
    to_assign = topic_inference.to_assign_sql('"raw"."comment_words"', '"dwhml"."comment_topic_assignments"', version, True)
    return {
        "topics_info": topic_inference.info_sql('"dwhml"."comment_topics"'),
        "topics_unload_to_assign": redshift_io.unload_sql(redshift_io._select(to_assign, [
            ("id", "id"), ("feature", "feature"), ("weight", "weight")]), "s3://dwhml-bucket/dwhml/topics/run/rows_", role),
        "topics_replace_texts": ";\n".join(cursor.statements),
    }


def _redshift_training_sql(role):
    """The client-side training step's statements (dwhml.redshift_training)."""
    from dwhml import client_training, redshift_training
    from python_udfs.sparse_linear import SPARSE_TABLES

    version = client_training.PendingVersion("employment_sparse", "v0123456789abcdef", None, "dwhml_ml",
                                             "employment_sparse__v0123456789abcdef", "is_employment",
                                             "binary_classification", "sparse_linear", "{}", "[0, 1]")
    cursor = RecordingCursor()
    redshift_training._publish(cursor, version, {part: version.table(part) + redshift_io.STAGING_SUFFIX
                                                 for part in SPARSE_TABLES})
    return {
        "train_unload": redshift_io.unload_sql(redshift_io._select(version.table("training"), [
            ("is_employment", "is_employment"), ("id", "id"), ("feature", "feature"), ("weight", "weight")]),
            "s3://dwhml-bucket/dwhml/train/run/training_", role),
        "train_pending": client_training.client_pending_sql('"dwhml"."dwhml_model_registry"'),
        "train_publish": ";\n".join(cursor.statements),
        "train_table_exists": redshift_training.table_exists_sql("dwhml_ml", version.model_identifier + "__calibration"),
        "train_columns": redshift_training.columns_sql("dwhml_ml", version.model_identifier + "__training"),
    }


class RecordingBigQuery:
    """A BigQuery client that records the scripts it is sent (and has no table)."""
    project = "dwhml-test"

    def __init__(self):
        self.queries = []

    def query(self, sql):
        self.queries.append(sql)
        return self

    def result(self):
        return []

    def get_table(self, table_id):
        from google.api_core.exceptions import NotFound

        raise NotFound(table_id)

    def load_table_from_file(self, data, destination, job_id=None, job_config=None):
        return self

    def delete_table(self, table_id, not_found_ok=False):
        pass


def _bigquery_incremental_sql(targets, staging):
    """A pinned run's statements on BigQuery (issue 18): the pinned version read, the ids to read staged by an
    anti-join, the read of only those rows, both commits, and the pinned model stored and read back."""
    from embeddings import embedding_versions, incremental

    dialect = bigquery_io.bigquery_dialect("dwhml-test")
    source, delta = "`dwhml-test`.`raw`.`texts`", "raw.text_vectors" + incremental.DELTA_SUFFIX
    version = embedding_versions.EmbeddingVersion(
        "raw.text_vectors", "ft-0123456789abcdef", "bigquery:raw.dwhml_embedding_models#0a1b", "0a1b",
        {"dim": 100, "epoch": 5, "model": "skipgram"}, "nfkc-ja-1", "ipadic-1.0.0-sys392126-v102")
    client = RecordingBigQuery()
    with tempfile.NamedTemporaryFile(suffix=".bin") as model:
        model.write(b"a model")
        model.flush()
        bigquery_io.publish_model(client, "raw.text_vectors", model.name, "0a1b" * 16, "run")
    return {
        "loader_pinned_version": embedding_versions.pinned_sql("raw.text_vectors", dialect),
        "loader_delta": dialect.create_table_as(dialect.relation(delta), incremental.delta_select(
            source, "`id`", dialect.fingerprint("s.`text`"), "`dwhml-test`.`raw`.`text_vectors__fingerprints`"))[0],
        "loader_select_changed": bigquery_io._select(incremental.read_select(source, "`id`", "`text`", dialect.relation(
            delta)), [("id", "id"), ("text", "text")], "dwhml-test"),
        "loader_incremental_commit": bigquery_io.incremental_commit_script(
            targets, staging, source, "`id`", delta, version.embedding_version, "dwhml-test"),
        "loader_replace_commit": bigquery_io.replace_commit_script(
            targets, staging, incremental.new_fingerprints_select(dialect.relation(delta), bigquery_io.bigquery_literal(
                version.embedding_version)), version, ["ft-fedcba9876543210"], True, "dwhml-test"),
        "loader_model_store": client.queries[-1],
        "loader_model_read": bigquery_io.model_parts_sql("raw.dwhml_embedding_models", "0a1b" * 16, "dwhml-test"),
        "loader_model_stored": bigquery_io.model_stored_sql("raw.dwhml_embedding_models", "0a1b" * 16, "dwhml-test"),
        "loader_versions": embedding_versions.versions_sql(dialect.relation("raw.text_vectors__fingerprints")),
    }


def _bigquery_loader_sql():
    from dwhml import bigquery_topic_inference, bigquery_training, client_training, topic_inference

    targets = {"vectors": "raw.text_vectors", "rejects": "raw.text_vector_rejects", "tokens": "raw.text_tokens"}
    staging = {k: t + bigquery_io.STAGING_SUFFIX for k, t in targets.items()}
    return {
        "loader_select": bigquery_io._select("raw.texts", [("id", "id"), ("text", "text")], "dwhml-test"),
        "loader_replace_script": bigquery_io.replace_script(targets, staging, "dwhml-test"),
        "topics_info": topic_inference.info_sql("`dwhml-test`.`dwhml`.`comment_topics`"),
        "topics_to_assign": topic_inference.to_assign_sql("`dwhml-test`.`raw`.`comment_words`",
                                                          "`dwhml-test`.`dwhml`.`comment_topic_assignments`",
                                                          topic_inference.LdaVersion(*LDA_VERSION), True),
        "topics_replace_script": bigquery_topic_inference.replace_texts_script(
            "dwhml.comment_topic_assignments", "dwhml.comment_topic_assignments" + bigquery_io.STAGING_SUFFIX,
            "v0123456789abcdef", "dwhml-test"),
        **_bigquery_incremental_sql(targets, staging),
        "train_select": bigquery_training.training_select(client_training.PendingVersion(
            "m", "v0123456789abcdef", "dwhml-test", "dwhml", "m__v0123456789abcdef", "label", "binary_classification",
            "sparse_linear", "{}", "[0, 1]"), "dwhml-test"),
    }


@pytest.mark.parametrize("case,sql", sorted(_redshift_loader_sql().items()))
def test_redshift_loader_sql_matches_golden(case, sql):
    assert_golden(GOLDEN / "redshift" / f"{case}.sql", sql.strip() + "\n")


@pytest.mark.parametrize("case,sql", sorted(_bigquery_loader_sql().items()))
def test_bigquery_loader_sql_matches_golden(case, sql):
    assert_golden(GOLDEN / "bigquery" / f"{case}.sql", sql.strip() + "\n")


# --- Redshift -----------------------------------------------------------------------------------------------

REDSHIFT_GOLDENS = sorted(p.stem for p in (GOLDEN / "redshift").glob("*.sql"))


@pytest.mark.parametrize("case", REDSHIFT_GOLDENS)
def test_redshift_golden_statements_follow_the_documented_rules(case):
    statements = split_statements((GOLDEN / "redshift" / f"{case}.sql").read_text(encoding="utf-8"))
    assert statements
    assert violations(statements, {ML_SCHEMA}) == []


@pytest.mark.parametrize("case", [c for c in REDSHIFT_GOLDENS if c.startswith("loader_")])
def test_the_redshift_loaders_statements_parse_in_the_redshift_dialect(case):
    import sqlfluff

    for statement in split_statements((GOLDEN / "redshift" / f"{case}.sql").read_text(encoding="utf-8")):
        assert "unparsable" not in str(sqlfluff.parse(statement, dialect="redshift")), statement


@pytest.mark.parametrize("path", sorted((REFUSED / "redshift").glob("*.sql")), ids=lambda p: p.stem)
def test_statements_redshift_refuses_are_refused(path):
    text = path.read_text(encoding="utf-8")
    rule = text.splitlines()[0].removeprefix("-- refused: ").strip()
    found = violations(split_statements(text))
    assert any(v.startswith(rule + " ") for v in found), found


def test_the_reports_redshift_sample_sql_follows_the_rules():
    from dwhml.sample_sql import sample_sql

    row = {"features": '["dim_0", "dim_1"]', "model_type": "xgboost", "function_name": "fn_employment__v0123456789abcdef",
           "target_warehouse": "redshift", "schema": "your_schema",
           "model_name": "employment_classifier", "problem_type": "binary_classification",
           "model_version": "v0123456789abcdef", "artifact_location": "redshift-ml://dwhml_ml.employment_classifier__v0"}
    ((warehouse, _, sql),) = sample_sql(row)
    assert warehouse == "Redshift"
    assert violations(split_statements(sql)) == []
    assert violations(split_statements(sql.replace('"raw"."text_vectors"', "raw.text_vectors")))


def test_the_rules_see_what_the_tokenizer_must_not_split():
    # a semicolon in a string, a quoted identifier and a $$ body does not end a statement
    script = "select 'a;b' as \"x;y\";\ncreate function f(int) returns int stable as $$ select $1 $$ language sql"
    assert len(split_statements(script)) == 2
    assert violations(["select 1 as \"top\""]) == [] and violations(["select 1 as top"])
    assert violations(["select cast(x as timestamp) as t from s.x"]) == []


# --- BigQuery -----------------------------------------------------------------------------------------------

P = "dwhml-test.dwhml."
TOPIC_ASSIGNMENTS = [("id", "STRING"), ("topic", "INT64"), ("probability", "FLOAT64"), ("model_version", "STRING")]
FEATURES = [("dim_0", "FLOAT64"), ("dim_1", "FLOAT64")]
VECTORS = [("id", "STRING")] + FEATURES + [("embedding_version", "STRING")]
REJECTS = [("id", "STRING"), ("reason", "STRING")]


def bigquery_catalog(case: str) -> CatalogSpec:
    """The tables and model a golden statement reads, with the label type of its case."""
    label_type = ("STRING" if "multiclass" in case or case == "confusion_matrix"
                  else "FLOAT64" if "regression" in case else "INT64")
    label = {"predict_binary": "is_employment", "predict_multiclass": "sector", "predict_regression": "score",
             "scores_view_binary": "is_employment"}.get(case, "label")
    tables = {
        P + "training": [("label", label_type)] + FEATURES,
        P + "examples": [("id", "INT64"), ("label", label_type), ("split", "STRING")] + FEATURES,
        # a vectors table of `dwhml embed` (the embedding-version cases)
        P + "vectors": [("id", "STRING"), ("label", label_type)] + FEATURES + [("embedding_version", "STRING")],
        # the migration's case reads a registry of the release before the location columns
        P + "dwhml_model_registry": REGISTRY_COLUMNS[:25] if case == "registry_migration" else REGISTRY_COLUMNS,
        P + "dwhml_model_metrics": [("model_name", "STRING"), ("model_version", "STRING"), ("problem_type", "STRING"),
                                    ("target", "STRING"), ("metric", "STRING"), ("value", "FLOAT64"),
                                    ("evaluated_at", "TIMESTAMP")],
        P + "dwhml_confusion_matrices": [("model_name", "STRING"), ("model_version", "STRING"),
                                         ("actual_label", "STRING"), ("predicted_label", "STRING"), ("n", "INT64")],
        P + "dwhml_binary_curves": [("model_name", "STRING"), ("model_version", "STRING"), ("threshold", "FLOAT64")]
                                   + [(c, "INT64") for c in ("tp", "fp", "fn", "tn")],
        P + "dwhml_trials": [("model_name", "STRING"), ("model_version", "STRING"), ("trial_number", "INT64"),
                             ("parameters", "STRING"), ("objective_metric", "STRING"), ("objective_value", "FLOAT64"),
                             ("metrics", "STRING"), ("duration_seconds", "FLOAT64"), ("status", "STRING"),
                             ("chosen", "BOOL"), ("learning_curve", "STRING"), ("fit_rows", "INT64"),
                             ("validation_rows", "INT64"), ("recorded_at", "TIMESTAMP")],
        "input_rows": [("id", "INT64")] + FEATURES,
        "texts": [("id", "INT64")],
        "predictions": [("id", "INT64"), ("label", label_type), ("predicted_label", label_type),
                        ("predicted_probability", "FLOAT64"), ("model_version", "STRING"), ("split", "STRING")],
        P + "predictions": [("id", "INT64"), ("predicted_label", label_type), ("predicted_probability", "FLOAT64"),
                            ("model_version", "STRING")],
        "dwhml-test.raw.texts": [("id", "STRING"), ("text", "STRING")],
        # dwhml infer-topics: an LDA model's info table, new texts' word rows, the topics written back (+ staging)
        P + "comment_topics": REGISTRY_COLUMNS,
        "dwhml-test.raw.comment_words": [("id", "STRING"), ("feature", "STRING"), ("weight", "FLOAT64")],
        P + "comment_topic_assignments": TOPIC_ASSIGNMENTS,
        P + "comment_topic_assignments" + bigquery_io.STAGING_SUFFIX: TOPIC_ASSIGNMENTS,
        # a sparse model's tables and feature rows (tests/dbt_runner.py's sparse_scoring)
        "m__vocabulary": [("feature", "STRING"), ("block", "STRING"), ("idf", "FLOAT64")],
        "m__coefficients": [("feature", "STRING"), ("class_index", "INT64"), ("coef", "FLOAT64")],
        "m__calibration": [("class_index", "INT64"), ("intercept", "FLOAT64"), ("platt_a", "FLOAT64"),
                           ("platt_b", "FLOAT64")],
        "text_features": [("id", "INT64"), ("feature", "STRING"), ("weight", "FLOAT64")],
        # a client-fitted sparse version's tables and the feature rows its scores view reads
        "dwhml-test.dwhml.m__v0123456789abcdef__vocabulary": [("feature", "STRING"), ("block", "STRING"),
                                                              ("idf", "FLOAT64")],
        "dwhml-test.dwhml.m__v0123456789abcdef__coefficients": [("feature", "STRING"), ("class_index", "INT64"),
                                                                ("coef", "FLOAT64")],
        "dwhml-test.dwhml.m__v0123456789abcdef__calibration": [("class_index", "INT64"), ("intercept", "FLOAT64"),
                                                               ("platt_a", "FLOAT64"), ("platt_b", "FLOAT64")],
        "dwhml-test.raw.text_features": [("id", "STRING"), ("feature", "STRING"), ("weight", "FLOAT64")],
        # a client-fitted version's training rows and the dataset's table list (train_on_the_client)
        "dwhml-test.dwhml.features": [("label", "INT64"), ("id", "INT64"), ("feature", "STRING"), ("weight", "FLOAT64")],
        "dwhml-test.dwhml.m__v0123456789abcdef__training": [("label", "INT64"), ("id", "INT64"), ("feature", "STRING"),
                                                            ("weight", "FLOAT64")],
        "dwhml-test.dwhml.INFORMATION_SCHEMA.TABLES": [("table_catalog", "STRING"), ("table_schema", "STRING"),
                                                       ("table_name", "STRING"), ("table_type", "STRING")],
    }
    tables.update(TOPIC_SQL_TABLES)  # the topic models' SQL (tests/dbt_runner.py's topic_sql_cases)
    tokens = [("id", "STRING"), ("normalised", "STRING"), ("tokens", "STRING")]
    # the embedding versions' tables (issue 18): registry, fingerprints, the staged ids to read, the stored models
    tables["dwhml-test.raw.dwhml_embedding_versions"] = [(c, "STRING") for c in (
        "output", "embedding_version", "model_path", "model_sha256", "params", "normaliser", "dictionary")] + [
        ("created_at", "TIMESTAMP")]
    tables["dwhml-test.raw.text_vectors__fingerprints"] = [("id", "STRING"), ("text_md5", "STRING"),
                                                          ("embedding_version", "STRING")]
    tables["dwhml-test.raw.text_vectors__delta__dwhml_staging"] = [("id", "STRING"), ("text_md5", "STRING"),
                                                                   ("copies", "INT64")]
    models = [("sha256", "STRING"), ("part", "INT64"), ("data", "BYTES")]
    tables["dwhml-test.raw.dwhml_embedding_models"] = models
    tables["dwhml-test.raw.dwhml_embedding_models__0a1b0a1b0a1b0a1b" + bigquery_io.STAGING_SUFFIX] = models
    for name, columns in (("text_vectors", VECTORS), ("text_vector_rejects", REJECTS), ("text_tokens", tokens)):
        tables[f"dwhml-test.raw.{name}"] = columns
        tables[f"dwhml-test.raw.{name}{bigquery_io.STAGING_SUFFIX}"] = columns
    return CatalogSpec(tables, models=(P + "m__v0123456789abcdef",), label=label, label_type=label_type,
                       classification="regression" not in case, kmeans=case.startswith("kmeans_"),
                       predict_input={"scores_view_binary": "dwhml-test.raw.text_vectors",
                                      "test_metric_binary": P + "training", "kmeans_service_clusters": "input_vectors"}.get(
                           case, P + "training" if case.startswith("evaluation_insert") else "input_rows"))


@pytest.fixture(scope="module")
def analyzer():
    return BigQueryAnalyzer()


BIGQUERY_GOLDENS = sorted(p.stem for p in (GOLDEN / "bigquery").glob("*.sql"))


@pytest.mark.parametrize("case", BIGQUERY_GOLDENS)
def test_bigquery_golden_statements_pass_the_googlesql_analyzer(analyzer, case):
    statements = split_statements((GOLDEN / "bigquery" / f"{case}.sql").read_text(encoding="utf-8"))
    assert statements
    errors = {s[:120]: analyzer.analyze(s, bigquery_catalog(case)) for s in statements}
    assert {s: e for s, e in errors.items() if e is not None} == {}


@pytest.mark.parametrize("case", [c for c in BIGQUERY_GOLDENS if c.startswith("loader_")])
def test_the_bigquery_loaders_statements_parse_in_the_bigquery_dialect(case):
    import sqlfluff

    for statement in split_statements((GOLDEN / "bigquery" / f"{case}.sql").read_text(encoding="utf-8")):
        assert "unparsable" not in str(sqlfluff.parse(statement, dialect="bigquery")), statement


@pytest.mark.parametrize("path", sorted((REFUSED / "bigquery").glob("*.sql")), ids=lambda p: p.stem)
def test_statements_bigquery_refuses_are_refused(analyzer, path):
    text = path.read_text(encoding="utf-8")
    message = text.splitlines()[0].removeprefix("-- refused: ").strip()
    error = analyzer.analyze(split_statements(text)[0], bigquery_catalog(path.stem))
    assert error is not None and message in error, error


@pytest.mark.parametrize("case", [c for c in BIGQUERY_GOLDENS if c.startswith("create_model")])
def test_bigquery_create_model_options_follow_the_bigquery_ml_reference(case):
    statements = split_statements((GOLDEN / "bigquery" / f"{case}.sql").read_text(encoding="utf-8"))
    assert [v for s in statements for v in option_violations(s)] == []


@pytest.mark.parametrize("path", sorted((REFUSED / "bigquery_ml").glob("*.sql")), ids=lambda p: p.stem)
def test_create_model_options_bigquery_ml_refuses_are_refused(path):
    text = path.read_text(encoding="utf-8")
    rule = text.splitlines()[0].removeprefix("-- refused: ").strip()
    problems = option_violations(split_statements(text)[0])
    assert len(problems) == 1 and problems[0].startswith(rule + " ("), problems


def test_the_analyzer_checks_names_and_types_not_only_syntax(analyzer):
    spec = bigquery_catalog("predict_binary")
    assert "Unrecognized name: nope" in analyzer.analyze("select nope from input_rows", spec)
    assert "not found" in analyzer.analyze("select * from `dwhml-test`.`dwhml`.`missing`", spec)
    assert analyzer.analyze("select id + 'x' from input_rows", spec) is not None
    assert analyzer.analyze("select id from input_rows where true", spec) is None
