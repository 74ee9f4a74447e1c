"""BigQuery ML SQL: golden files compiled by dbt with the bigquery adapter (no Google Cloud project: a
dummy OAuth token lets dbt start, and the macros under test run no query), each statement parsed by
sqlfluff's bigquery dialect, and BigQuery's literal escaping. Nothing here ran on BigQuery.

Regenerate after an intended change with DWHML_UPDATE_GOLDEN=1 and review the diff.
"""
import re
from pathlib import Path

import pytest
import sqlfluff

from dbt_runner import TRIALS_INSERT, DbtProject, assert_golden, compile_cases, evaluation_insert, registry_insert, scoring_cases, topic_sql_cases

GOLDEN = Path(__file__).parent / "golden" / "sql" / "bigquery"
PROFILE = """dwhml:
  target: bigquery
  outputs:
    bigquery:
      type: bigquery
      method: oauth-secrets
      token: not-a-secret
      project: dwhml-test
      dataset: dwhml
      location: US
      threads: 1
"""
SECTORS = "['企業動向', '家計動向', '雇用']"
HOSTILE = ["it's", "back\\slash", '"quoted"', "x'; drop table t; --", "two\nlines", "雇用", "a\\'b"]


def create_model(problem, hyper="{}", bigquery="{}", name="m", tuning="none"):
    """The CREATE MODEL of a version whose config has these hyperparameters, meta.dwhml.bigquery and tuning
    (as ml_config returns them), through the spec the materialization builds."""
    return ("{% set b = {'model_type': 'boosted_tree'} %}{% do b.update(" + bigquery + ") %}"
            "{% set cfg = {'name': '" + name + "', 'problem_type': '" + problem + "', 'target': 'label', "
            "'hyperparameters': " + hyper + ", 'bigquery': b, 'tuning': " + tuning + "} %}"
            "{{ dwhml.create_model_sql(dwhml.bigquery_create_model_spec(cfg, '`dwhml-test`.`dwhml`.`" + name
            + "__v0123456789abcdef`', 'select label, dim_0, dim_1 from `dwhml-test`.`dwhml`.`training`')) }}")


def info(problem, classes, target="label", trials=1):
    return ("{'model_name': 'm', 'model_version': 'v0123456789abcdef', 'problem_type': '" + problem + "', "
            "'target': '" + target + "', 'features': ['dim_0', 'dim_1'], 'classes': " + classes + ", "
            "'artifact_location': 'bigquery-ml://dwhml-test.dwhml.m__v0123456789abcdef', 'model_database': 'dwhml-test', "
            "'model_schema': 'dwhml', 'model_identifier': 'm__v0123456789abcdef', "
            "'hyperparameters': {'bigquery': {'num_trials': " + str(trials) + "}}}")


SPARSE_INFO = ("{'model_name': 'm', 'model_version': 'v0123456789abcdef', 'target': 'label', "
               "'problem_type': 'binary_classification', 'model_type': 'sparse_linear', 'classes': [0, 1], "
               "'model_database': 'dwhml-test', 'model_schema': 'dwhml', 'model_identifier': 'm__v0123456789abcdef', "
               "'feature_relation': '`dwhml-test`.`raw`.`text_features`', "
               "'blocks': ['c', 'w']}")

KMEANS_INFO = ("{'model_version': 'v0123456789abcdef', 'features': ['dim_0', 'dim_1', 'dim_2'], "
               "'model_database': 'dwhml-test', 'model_schema': 'dwhml', 'model_identifier': 'm__v0123456789abcdef'}")

CASES = {
    "trials_insert": TRIALS_INSERT,
    "embedding_versions": "{{ dwhml.embedding_versions_sql('select label, dim_0, embedding_version from ' ~ dwhml.model_registry_relation().replace_path(identifier='vectors')) }}",
    "embedding_version_check": "{{ dwhml.embedding_version_check_sql(dwhml.model_registry_relation().replace_path(identifier='vectors'), 'ft-0123456789abcdef') }}",
    "scores_view_sparse": "{% set i = " + SPARSE_INFO + " %}{% do i.update({'tables': dwhml.candidate_weight_tables(i)}) %}"
                          "{{ dwhml.scores_view_sql({'name': 'm', 'scores_from': 'raw.texts'}, i) }}",
    # the blocks sparse_linear_sql reads from the version's vocabulary when its info does not name them
    "vocabulary_blocks": "{% set i = " + SPARSE_INFO + " %}{% do i.update({'tables': dwhml.candidate_weight_tables(i)}) %}"
                         "{{ dwhml.vocabulary_blocks_sql(i.tables.vocabulary) }}",
    "table_function_sparse": "{% set i = " + SPARSE_INFO + " %}{% do i.update({'tables': dwhml.candidate_weight_tables(i), "
                             "'blocks': ['c', 'w']}) %}"
                             "{{ dwhml.bigquery_table_function_sql(api.Relation.create(database='dwhml-test', "
                             "schema='dwhml', identifier='fn_m'), i, [{'name': 'id', 'type': 'STRING'}, "
                             "{'name': 'feature', 'type': 'STRING'}, {'name': 'weight', 'type': 'FLOAT64'}]) }}",
    "client_fit_training_table": "{{ dwhml.client_fit_training_table_sql('`dwhml-test`.`dwhml`.`m__v0123456789abcdef__training`', "
                                 "'select label, id, feature, weight from `dwhml-test`.`dwhml`.`features`') }}",
    "client_fit_tables_present": "{{ dwhml.client_fit_tables_present_sql({'model_database': 'dwhml-test', "
                                 "'model_schema': 'dwhml', 'model_identifier': 'm__v0123456789abcdef'}) }}",
    **scoring_cases(),
    **topic_sql_cases(),
    "create_model_kmeans": "{{ dwhml.create_model_sql({'model': '`dwhml-test`.`dwhml`.`clusters__v0123456789abcdef`', "
                           "'model_type': 'kmeans', 'num_trials': 1, 'options': [('num_clusters', 10), "
                           "('kmeans_init_method', 'KMEANS++'), ('standardize_features', false), ('max_iterations', 300)], "
                           "'training_sql': dwhml.kmeans_training_select(['dim_0', 'dim_1', 'dim_2'], "
                           "'select * from input_vectors', with_id=false)}) }}",
    "kmeans_service_clusters": "{{ dwhml.service_clusters_sql(" + KMEANS_INFO + ", 'input_vectors') }}",
    "kmeans_service_centroids": "{{ dwhml.service_centroids_sql(" + KMEANS_INFO + ", 'input_vectors') }}",
    "kmeans_centroid_table": "{{ dwhml.kmeans_centroid_table_sql('`dwhml-test`.`dwhml`.`m__v0123456789abcdef__centroids`', " + KMEANS_INFO + ", 'input_vectors') }}",
    "topic_publish_table": "{{ dwhml.replace_table_statements('`dwhml-test`.`dwhml`.`m__centroids`', "
                           "\"select t.*, 'v0123456789abcdef' as model_version from m__sized_centroids as t\") | join(';\\n') }}",
    "text_features": "{{ dwhml.text_features_sql('`dwhml-test`.`raw`.`text_tokens`') }}",
    "create_model_binary": create_model("binary_classification", "{'num_round': 200, 'max_depth': 6, 'eta': 0.1}"),
    "create_model_multiclass": create_model("multiclass_classification", "{'num_round': 100, 'subsample': 0.8}"),
    "create_model_regression": create_model("regression", "{'num_round': 50, 'lambda': 1.0, 'alpha': 0.5}"),
    "create_model_tuned": create_model("binary_classification", "{'num_round': 100}", tuning=(
        "{'trials': 20, 'parallel_trials': 2, 'objective': 'roc_auc', 'validation': none, "
        "'parameters': {'eta': {'range': [0.01, 0.3], 'log': true}, 'subsample': {'range': [0.5, 1.0], 'log': false}, "
        "'max_depth': {'candidates': [4, 6, 8]}}}")),
    "create_model_logistic": create_model("binary_classification", "{'num_round': 30, 'eta': 0.2, 'lambda': 0.1}",
                                          "{'model_type': 'logistic_reg'}"),
    "predict_binary": "{{ dwhml.predict_version(" + info("binary_classification", "[0, 1]", "is_employment")
                      + ", 'input_rows') }}",
    "predict_multiclass": "{{ dwhml.predict_version(" + info("multiclass_classification", SECTORS, "sector")
                          + ", 'input_rows') }}",
    "predict_regression": "{{ dwhml.predict_version(" + info("regression", "none", "score") + ", 'input_rows') }}",
    "evaluate_binary": "{{ dwhml.evaluate('predictions', " + info("binary_classification", "[0, 1]") + ", 'label') }}",
    "evaluate_multiclass": "{{ dwhml.evaluate('predictions', " + info("multiclass_classification", SECTORS)
                           + ", 'label') }}",
    "evaluate_regression": "{{ dwhml.evaluate('predictions', " + info("regression", "none") + ", 'label') }}",
    "confusion_matrix": "{{ dwhml.confusion_matrix('predictions', " + info("multiclass_classification", SECTORS)
                        + ", 'label') }}",
    "binary_curve": "{{ dwhml.binary_curve('predictions', " + info("binary_classification", "[0, 1]") + ", 'label') }}",
    "ml_evaluate": "{{ dwhml.bigquery_ml_function('evaluate', " + info("binary_classification", "[0, 1]")
                   + ", \"select * from `dwhml-test`.`dwhml`.`examples` where split = 'test'\") }}",
    "ml_confusion_matrix": "{{ dwhml.bigquery_ml_function('confusion_matrix', "
                           + info("multiclass_classification", SECTORS) + ", 'input_rows') }}",
    "ml_roc_curve": "{{ dwhml.bigquery_ml_function('roc_curve', " + info("binary_classification", "[0, 1]")
                    + ", 'input_rows') }}",
    "trial_info_read": "{{ dwhml.trial_info_sql({'model_database': 'dwhml-test', 'model_schema': 'dwhml', "
                       "'model_identifier': 'm__v0123456789abcdef'}) }}",
    "ml_trial_info": "{{ dwhml.bigquery_ml_function('trial_info', " + info("binary_classification", "[0, 1]", trials=20)
                     + ") }}",
    "fingerprint": "{{ dwhml.bigquery_fingerprint_sql('select label, dim_0, dim_1 from `dwhml-test`.`dwhml`.`training`') }}",
    "prepare_run": "{{ dwhml.run_preparation_sql(dwhml.model_registry_relation(), []) }}",
    "recorded_metrics": "{{ dwhml.recorded_metrics_sql(" + info("binary_classification", "[0, 1]") + ") }}",
    # a registry of the release before issue 14: the location columns are added, one ALTER each
    "registry_migration": "{{ dwhml.registry_migration_sql(dwhml.model_registry_relation(), "
                          "dwhml.registry_columns()[:25] | map(attribute=0) | list) | join(';\\n') }}",
    "evaluation_insert_metrics": evaluation_insert("metrics", info("binary_classification", "[0, 1]"),
                                                "select label, dim_0, dim_1 from `dwhml-test`.`dwhml`.`training`"),
    "evaluation_insert_confusion": evaluation_insert("confusion", info("binary_classification", "[0, 1]"),
                                                "select label, dim_0, dim_1 from `dwhml-test`.`dwhml`.`training`"),
    "evaluation_insert_curves": evaluation_insert("curves", info("binary_classification", "[0, 1]"),
                                                "select label, dim_0, dim_1 from `dwhml-test`.`dwhml`.`training`"),
    "scores_view_binary": "{{ dwhml.scores_view_sql({'name': 'm', 'scores_from': 'raw.text_vectors'}, "
                          + info("binary_classification", "[0, 1]", "is_employment") + ") }}",
    "registry_insert": registry_insert("`dwhml-test`.`dwhml`.`dwhml_model_registry`",
                                       "{'name': 'm', 'model_type': 'xgboost', 'function': 'm', 'grant_execute_to': [], "
                                       "'feature_relation': none, 'task': none}", "bigquery-ml://dwhml-test.dwhml.m__v0123456789abcdef"),
    "model_info_table": "{{ dwhml.model_info_table_sql('`dwhml-test`.`dwhml`.`m`', 'm', 'v0123456789abcdef') }}",
    "hash_bucket": "select {{ dwhml.hash_bucket('id') }} as bucket from texts",
    "prune_predictions": "{{ dwhml.prune_predictions_sql('`dwhml-test`.`dwhml`.`predictions`', "
                         "'`dwhml-test`.`dwhml`.`examples`') }}",
    "registry_version": "{{ dwhml.registry_version_sql('`dwhml-test`.`dwhml`.`dwhml_model_registry`', 'm', "
                        "'0123456789abcdef') }}",
    "registry_recorded": "{{ dwhml.registry_recorded_sql('`dwhml-test`.`dwhml`.`dwhml_model_registry`', 'm', "
                         "'v0123456789abcdef') }}",
    "recorded_gate_value": "{{ dwhml.recorded_gate_value_sql('`dwhml-test`.`dwhml`.`dwhml_model_registry`', 'm', "
                           "'v0123456789abcdef', 'f1') }}",
    "training_classes": "{{ dwhml.training_classes_sql('label', 'select label, dim_0, dim_1 from `dwhml-test`.`dwhml`.`training`') }}",
    "test_metric_binary": "{{ dwhml.test_metric_sql(" + info("binary_classification", "[0, 1]")
                          + ", 'select label, dim_0, dim_1 from `dwhml-test`.`dwhml`.`training`', 'f1') }}",
    "hostile_literals": "select {% for h in " + repr(HOSTILE) + " %}{{ dwhml.string_literal(h) }} as s{{ loop.index }}"
                        "{{ ', ' if not loop.last }}{% endfor %}",
}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    project = DbtProject(tmp_path_factory.mktemp("bigquery-golden"))
    (project.work / "profiles.yml").write_text(PROFILE)
    return compile_cases(project, CASES, "--no-populate-cache")


@pytest.mark.parametrize("case", sorted(CASES))
def test_bigquery_sql_matches_golden(compiled, case):
    assert_golden(GOLDEN / f"{case}.sql", compiled[case])


# sqlfluff 4.x's bigquery dialect cannot parse HPARAM_RANGE / HPARAM_CANDIDATES option values, valid BigQuery
# ML syntax: those option lines are matched verbatim, then removed for parsing.
HPARAM_SQLFLUFF_CANNOT_PARSE = re.compile(r",\n    [a-z_]+ = hparam_(range\([0-9.]+, [0-9.]+\)|candidates\(\[[^\]]+\]\))")


@pytest.mark.parametrize("case", sorted(CASES))
def test_bigquery_sql_parses_in_the_bigquery_dialect(compiled, case):
    sql = compiled[case].strip()
    if case == "create_model_tuned":
        assert len(HPARAM_SQLFLUFF_CANNOT_PARSE.findall(sql)) == 3, sql
        sql = HPARAM_SQLFLUFF_CANNOT_PARSE.sub("", sql)
    for statement in sql.split(";\n"):
        tree = sqlfluff.parse(statement.replace("input_rows", "input_rows_table"), dialect="bigquery")
        assert "unparsable" not in str(tree), statement


def test_hyperparameters_map_to_bigquery_options(compiled):
    binary = compiled["create_model_binary"]
    for line in ["model_type = 'BOOSTED_TREE_CLASSIFIER'", "input_label_cols = ['label']",
                 "data_split_method = 'NO_SPLIT'", "learn_rate = 0.1", "max_iterations = 200", "max_tree_depth = 6"]:
        assert line in binary
    assert "model_type = 'BOOSTED_TREE_REGRESSOR'" in compiled["create_model_regression"]
    assert "l1_reg = 0.5" in compiled["create_model_regression"] and "l2_reg = 1.0" in compiled["create_model_regression"]
    tuned = compiled["create_model_tuned"]
    for line in ["data_split_method = 'AUTO_SPLIT'", "num_trials = 20", "max_parallel_trials = 2",
                 "hparam_tuning_objectives = ['ROC_AUC']", "learn_rate = hparam_range(0.01, 0.3)",
                 "max_tree_depth = hparam_candidates([4, 6, 8])"]:
        assert line in tuned
    logistic = compiled["create_model_logistic"]
    assert "model_type = 'LOGISTIC_REG'" in logistic and "learn_rate_strategy = 'CONSTANT'" in logistic


def _bigquery_literals(sql):
    """Decoded BigQuery single-quoted literals: backslash escapes (\\\\, \\', \\n)."""
    out = []
    for body in re.findall(r"'((?:[^'\\]|\\.)*)'", sql):
        out.append(re.sub(r"\\(.)", lambda m: {"n": "\n"}.get(m.group(1), m.group(1)), body))
    return out


def test_labels_with_backslashes_quotes_and_newlines_round_trip(compiled):
    sql = compiled["hostile_literals"]
    assert _bigquery_literals(sql) == HOSTILE
    assert "\n" not in sql.strip()  # newlines are escaped, the statement stays on one line
    assert "unparsable" not in str(sqlfluff.parse(sql, dialect="bigquery"))
