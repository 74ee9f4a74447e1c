"""Redshift ML SQL: golden files compiled by dbt with the redshift adapter (no cluster: the macros under
test run no query, `--no-populate-cache` keeps dbt from connecting), each statement parsed by sqlfluff's
redshift dialect, and escaping of hostile labels. Nothing here ran on Redshift.

Regenerate after an intended change with DWHML_UPDATE_GOLDEN=1 and review the diff.
"""
import re
from pathlib import Path

import pytest
import sqlfluff

from dbt_runner import TRIALS_INSERT, DbtProject, assert_golden, compile_cases, evaluation_insert, registry_insert, scoring_cases, topic_sql_cases

GOLDEN = Path(__file__).parent / "golden" / "sql" / "redshift"
FEATURES = "[{'name': 'dim_0', 'type': 'REAL', 'is_numeric': true}, {'name': 'dim_1', 'type': 'REAL', 'is_numeric': true}]"
HOSTILE = ["it's", "back\\slash", '"quoted"', "x'; drop table t; --", "two\nlines", "雇用", "-- comment", "a\\'b"]


def create_model(name, problem, objective, auto=False, hyper="{}", num_class="none", role="default"):
    return ("{{ dwhml.create_model_sql({'model': '\"dwhml_ml\".\"" + name + "__v0123456789abcdef\"', "
            "'function': 'fn_" + name + "__v0123456789abcdef', 'target': 'label', "
            "'training_sql': 'select label, dim_0, dim_1 from dwhml.training', 'iam_role': '" + role + "', "
            "'s3_bucket': 'dwhml-training', 'auto': " + str(auto).lower() + ", 'problem_type': '" + problem + "', "
            "'objective': '" + objective + "', 'hyperparameters': " + hyper + ", 'num_class': " + num_class + ", "
            "'max_cells': 103000, 'max_runtime': 5400}) }}")


def info(problem, classes, auto=False, encoded=True):
    return ("{'model_name': 'model', 'model_type': 'xgboost', 'target': 'label', 'model_version': 'v0123456789abcdef', "
            "'problem_type': '" + problem + "', 'features': ['dim_0', 'dim_1'], "
            "'classes': " + classes + ", 'function_name': 'fn_model__v0123456789abcdef', "
            "'artifact_location': 'redshift-ml://dwhml_ml.model__v0123456789abcdef', 'model_schema': 'dwhml_ml', "
            "'model_identifier': 'model__v0123456789abcdef', 'hyperparameters': {'redshift': {"
            "'auto': " + str(auto).lower() + ", 'label_encoded': " + str(encoded and not auto and classes != "none").lower() + ", "
            "'feature_types': ['real', 'real'], 'target_type': 'integer'}}}")


CFG = "{'name': 'model', 'target': 'label', 'function': 'fn_model', 'model_type': 'xgboost', " \
      "'redshift': {'auto': false}, 'scores_from': 'raw.text_vectors', 'feature_relation': none, " \
      "'task': 'label = 1 for 雇用', " \
      "'grant_execute_to': ['analyst', 'group analysts', 'role bi_reader']}"
SECTORS = "['企業動向', '家計動向', '雇用']"

SPARSE_INFO = ("{'model_name': 'model', 'model_version': 'v0123456789abcdef', 'target': 'label', "
               "'problem_type': 'binary_classification', 'model_type': 'sparse_linear', 'classes': [0, 1], "
               "'model_schema': 'dwhml_ml', 'model_identifier': 'model__v0123456789abcdef', "
               "'feature_relation': '\"dev\".\"raw\".\"text_features\"', "
               "'blocks': ['c', 'w']}")

KMEANS_INFO = ("{'model_version': 'v0123456789abcdef', 'features': ['dim_0', 'dim_1', 'dim_2'], 'model_schema': 'dwhml_ml', "
               "'model_identifier': 'clusters__v0123456789abcdef', 'function_name': 'fn_clusters__v0123456789abcdef'}")

CASES = {
    "trials_insert": TRIALS_INSERT,
    "embedding_versions": "{{ dwhml.embedding_versions_sql('select label, dim_0, embedding_version from ' ~ dwhml.model_registry_relation().replace_path(identifier='vectors')) }}",
    "embedding_version_check": "{{ dwhml.embedding_version_check_sql(dwhml.model_registry_relation().replace_path(identifier='vectors'), 'ft-0123456789abcdef') }}",
    "scores_view_sparse": "{% set i = " + SPARSE_INFO + " %}{% do i.update({'tables': dwhml.candidate_weight_tables(i)}) %}"
                          "{{ dwhml.scores_view_sql(" + CFG.replace("raw.text_vectors", "raw.texts") + ", i) }}",
    "client_fit_training_table": "{{ dwhml.client_fit_training_table_sql('\"dwhml_ml\".\"m__v0123456789abcdef__training\"', "
                                 "'select label, id, feature, weight from dwhml.features') }}",
    "client_fit_tables_present": "{{ dwhml.client_fit_tables_present_sql({'model_schema': 'dwhml_ml', "
                                 "'model_identifier': 'm__v0123456789abcdef'}) }}",
    "grant_sparse": "{{ dwhml.redshift_grant_execute_sql({'grant_execute_to': ['analyst', 'group analysts'], "
                    "'scores_from': none}, {'model_type': 'sparse_linear', 'model_schema': 'dwhml_ml', "
                    "'model_identifier': 'm__v0123456789abcdef'}) | join(';\\n') }}",
    **scoring_cases(),
    **topic_sql_cases(),
    "create_model_kmeans": "{{ dwhml.create_model_sql({'model_type': 'kmeans', 'model': '\"dwhml_ml\".\"clusters__v0123456789abcdef\"', "
                           "'function': 'fn_clusters__v0123456789abcdef', 'features': ['dim_0', 'dim_1', 'dim_2'], "
                           "'training_sql': dwhml.kmeans_training_select(['dim_0', 'dim_1', 'dim_2'], 'select * from dwhml.vectors', with_id=false), "
                           "'iam_role': 'default', 's3_bucket': 'dwhml-training', 'hyperparameters': "
                           "{'num_clusters': 10, 'n_init': 4, 'max_iter': 300, 'seed': 0}, 'max_cells': 300000, 'max_runtime': 5400}) }}",
    "kmeans_service_clusters": "{{ dwhml.service_clusters_sql(" + KMEANS_INFO + ", 'input_vectors') }}",
    "kmeans_service_centroids": "{{ dwhml.service_centroids_sql(" + KMEANS_INFO + ", 'input_vectors') }}",
    "kmeans_centroid_table": "{{ dwhml.kmeans_centroid_table_sql('\"dwhml_ml\".\"clusters__v0123456789abcdef__centroids\"', " + KMEANS_INFO + ", 'input_vectors') }}",
    "topic_publish_table": "{{ dwhml.replace_table_statements('\"dwhml\".\"m__centroids\"', "
                           "\"select t.*, 'v0123456789abcdef' as model_version from m__sized_centroids as t\") | join(';\\n') }}",
    "text_features": "{{ dwhml.text_features_sql('\"raw\".\"text_tokens\"') }}",
    "create_model_binary": create_model("employment", "binary_classification", "binary:logistic",
                                        hyper="{'num_round': 200, 'max_depth': 6, 'eta': 0.1}"),
    "create_model_multiclass": create_model("sector", "multiclass_classification", "multi:softmax",
                                            hyper="{'num_round': 100}", num_class="3"),
    "create_model_regression": create_model("score", "regression", "reg:squarederror"),
    "create_model_auto_binary": create_model("employment", "binary_classification", "f1", auto=True,
                                             role="arn:aws:iam::123456789012:role/dwhml-redshift-ml"),
    "create_model_auto_multiclass": create_model("sector", "multiclass_classification", "f1macro", auto=True),
    "create_model_auto_regression": create_model("score", "regression", "mse", auto=True),
    "training_select_multiclass": "{{ dwhml.redshift_training_select(" + CFG + ", 'select * from dwhml.training', "
                                  + FEATURES + ", " + SECTORS + ") }}",
    "training_select_regression": "{{ dwhml.redshift_training_select(" + CFG + ", 'select * from dwhml.training', "
                                  + FEATURES + ", none) }}",
    "fingerprint": "{{ dwhml.redshift_fingerprint_sql('select label, dim_0, dim_1 from dwhml.training', "
                   "[{'name': 'label'}, {'name': 'dim_0'}, {'name': 'dim_1'}]) }}",
    "predict_binary": "{{ dwhml.predict_version(" + info("binary_classification", "[0, 1]") + ", 'input_rows') }}",
    "predict_multiclass": "{{ dwhml.predict_version(" + info("multiclass_classification", SECTORS) + ", 'input_rows') }}",
    "predict_regression": "{{ dwhml.predict_version(" + info("regression", "none") + ", 'input_rows') }}",
    "predict_auto_binary": "{{ dwhml.predict_version(" + info("binary_classification", "[0, 1]", auto=True)
                           + ", 'input_rows') }}",
    "predict_auto_multiclass": "{{ dwhml.predict_version(" + info("multiclass_classification", SECTORS, auto=True)
                               + ", 'input_rows') }}",
    "scores_view_binary": "{{ dwhml.scores_view_sql(" + CFG + ", " + info("binary_classification", "[0, 1]")
                          + ") }}",
    "scores_view_multiclass": "{{ dwhml.scores_view_sql(" + CFG + ", "
                              + info("multiclass_classification", SECTORS) + ") }}",
    "scores_view_auto_binary": "{{ dwhml.scores_view_sql(" + CFG + ", "
                               + info("binary_classification", "[0, 1]", auto=True) + ") }}",
    "grant_execute": "{{ dwhml.redshift_grant_execute_sql(" + CFG + ", " + info("binary_classification", "[0, 1]")
                     + ") | join(';\n') }}",
    "prepare_run": "{{ dwhml.run_preparation_sql(dwhml.model_registry_relation(), []) }}",
    "recorded_metrics": "{{ dwhml.recorded_metrics_sql(" + info("binary_classification", "[0, 1]") + ") }}",
    # a registry of the release before issue 14: the location columns are added, one ALTER each
    "registry_migration": "{{ dwhml.registry_migration_sql(dwhml.model_registry_relation(), "
                          "dwhml.registry_columns()[:25] | map(attribute=0) | list) | join(';\\n') }}",
    "evaluation_insert_metrics": evaluation_insert("metrics", info("binary_classification", "[0, 1]"),
                                                "select label, dim_0, dim_1 from dwhml.training where is_test"),
    "evaluation_insert_confusion": evaluation_insert("confusion", info("binary_classification", "[0, 1]"),
                                                "select label, dim_0, dim_1 from dwhml.training where is_test"),
    "evaluation_insert_curves": evaluation_insert("curves", info("binary_classification", "[0, 1]"),
                                                "select label, dim_0, dim_1 from dwhml.training where is_test"),
    "registry_insert": registry_insert("dwhml.dwhml_model_registry", CFG, "redshift-ml://dwhml_ml.model__v0123456789abcdef"),
    "model_info_table": "{{ dwhml.model_info_table_sql('dwhml.employment_classifier', 'employment_classifier', "
                        "'v0123456789abcdef') }}",
    "hash_bucket": "select {{ dwhml.hash_bucket('id') }} as bucket from texts",
    "prune_predictions": "{{ dwhml.prune_predictions_sql('dwhml.employment_predictions', 'dwhml.example_vectors') }}",
    "model_schema": "{{ dwhml.redshift_model_schema_sql('dwhml_ml') }}",
    "model_state": "{{ dwhml.redshift_model_state_sql('dwhml_ml', 'model__v0123456789abcdef') }}",
    "registry_version": "{{ dwhml.registry_version_sql('dwhml.dwhml_model_registry', 'model', '0123456789abcdef') }}",
    "registry_recorded": "{{ dwhml.registry_recorded_sql('dwhml.dwhml_model_registry', 'model', 'v0123456789abcdef') }}",
    "recorded_gate_value": "{{ dwhml.recorded_gate_value_sql('dwhml.dwhml_model_registry', 'model', 'v0123456789abcdef', "
                           "'f1') }}",
    "training_classes": "{{ dwhml.training_classes_sql('label', 'select label, dim_0, dim_1 from dwhml.training') }}",
    "test_metric_binary": "{{ dwhml.test_metric_sql(" + info("binary_classification", "[0, 1]")
                          + ", 'select label, dim_0, dim_1 from dwhml.training where not is_test', 'f1') }}",
    "evaluate_binary": "{{ dwhml.evaluate('predictions', " + info("binary_classification", "[0, 1]") + ", 'label') }}",
    "evaluate_multiclass": "{{ dwhml.evaluate('predictions', " + info("multiclass_classification", SECTORS)
                           + ", 'label') }}",
    "evaluate_regression": "{{ dwhml.evaluate('predictions', " + info("regression", "none") + ", 'label') }}",
    "confusion_matrix": "{{ dwhml.confusion_matrix('predictions', " + info("multiclass_classification", SECTORS)
                        + ", 'label') }}",
    "binary_curve": "{{ dwhml.binary_curve('predictions', " + info("binary_classification", "[0, 1]") + ", 'label') }}",
    "hostile_labels": "{{ dwhml.redshift_training_select(" + CFG + ", 'select * from dwhml.training', " + FEATURES
                      + ", " + repr(HOSTILE) + ") }}",
}

REDSHIFT_ENV = {"DWHML_TARGET": "redshift", "DWHML_REDSHIFT_HOST": "redshift.invalid", "DWHML_REDSHIFT_DATABASE": "dev",
                "DWHML_REDSHIFT_USER": "dwhml", "DWHML_REDSHIFT_PASSWORD": "not-a-secret"}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    project = DbtProject(tmp_path_factory.mktemp("redshift-golden"))
    project.env.update(REDSHIFT_ENV)
    return compile_cases(project, CASES, "--no-populate-cache")


@pytest.mark.parametrize("case", sorted(CASES))
def test_redshift_sql_matches_golden(compiled, case):
    assert_golden(GOLDEN / f"{case}.sql", compiled[case])


# sqlfluff 4.x parses Redshift's SETTINGS (...) only with S3_BUCKET alone, although MAX_CELLS and
# MAX_RUNTIME are documented settings: those two lines are checked verbatim, then removed for parsing.
SETTINGS_SQLFLUFF_CANNOT_PARSE = re.compile(r",\n    max_cells \d+,\n    max_runtime \d+\n\)$")


# sqlfluff 4.x's redshift dialect has no GRANT ... ON MODEL (documented by Redshift ML): matched exactly instead.
GRANT_ON_MODEL = re.compile(r'^grant execute on model "[a-z0-9_]+"\."[a-z0-9_]+" to ((group|role) )?"[a-z0-9_]+"$')


@pytest.mark.parametrize("case", sorted(CASES))
def test_redshift_sql_parses_in_the_redshift_dialect(compiled, case):
    sql = compiled[case].strip()
    if case.startswith("create_model"):
        assert SETTINGS_SQLFLUFF_CANNOT_PARSE.search(sql), sql[-200:]
        sql = SETTINGS_SQLFLUFF_CANNOT_PARSE.sub("\n)", sql)
    for statement in sql.split(";\n"):
        if GRANT_ON_MODEL.match(statement):
            continue
        tree = sqlfluff.parse(statement.replace("input_rows", "input_rows_table"), dialect="redshift")
        assert "unparsable" not in str(tree), statement


def test_create_model_keywords_follow_the_documented_order(compiled):
    order = ["create model", "from (", "target", "function", "iam_role", "auto", "model_type", "problem_type",
             "objective", "preprocessors", "hyperparameters", "settings ("]
    for case in [c for c in CASES if c.startswith("create_model")]:
        lines = [line.split(" ")[0] if not line.startswith(("create model", "from (", "settings (")) else line[:12]
                 for line in compiled[case].splitlines() if line and not line.startswith((" ", "select", ")"))]
        positions = [next(i for i, k in enumerate(order) if line.startswith(k[:len(line)]) or k.startswith(line))
                     for line in lines]
        assert positions == sorted(positions), (case, lines)
        if "model_type kmeans" in compiled[case]:  # the K-MEANS synopsis: vectors passed through as they are
            assert "preprocessors '[{\"ColumnSet\": [\"*\"], \"Transformers\": [\"NumericPassthrough\"]}]'" in compiled[case]
            continue
        auto = "auto on" in compiled[case]
        assert ("preprocessors 'none'" in compiled[case]) is not auto
        assert ("hyperparameters" in compiled[case]) is not auto


def test_hyperparameters_are_quoted_strings_and_multiclass_gets_num_class(compiled):
    # dwhml's engine settings ride along: SageMaker's XGBoost would pick tree_method 'auto'.
    assert ("hyperparameters default except (BASE_SCORE '0.5', ETA '0.1', MAX_DEPTH '6', NUM_ROUND '200', "
            "TREE_METHOD 'hist')") in compiled["create_model_binary"]
    assert ("hyperparameters default except (BASE_SCORE '0.5', NUM_ROUND '100', TREE_METHOD 'hist', NUM_CLASS '3')"
            in compiled["create_model_multiclass"])
    assert "hyperparameters default except (BASE_SCORE '0.5', TREE_METHOD 'hist')\n" in compiled["create_model_regression"]
    assert "iam_role 'arn:aws:iam::123456789012:role/dwhml-redshift-ml'" in compiled["create_model_auto_binary"]
    assert "iam_role default" in compiled["create_model_binary"]


def _string_literals(sql):
    """The decoded values of Redshift string literals ('' is a quote, \\\\ a backslash), in order."""
    values, i = [], 0
    while (start := sql.find("'", i)) != -1:
        value, j = [], start + 1
        while True:
            ch = sql[j]
            if ch == "\\":
                value.append(sql[j + 1])
                j += 2
            elif ch == "'" and sql[j + 1:j + 2] == "'":
                value.append("'")
                j += 2
            elif ch == "'":
                break
            else:
                value.append(ch)
                j += 1
        values.append("".join(value))
        i = j + 1
    return values


def test_grants_cover_users_groups_and_roles_through_the_model_never_the_ml_function(compiled):
    statements = compiled["grant_execute"].strip().split(";\n")
    # per grantee: USAGE on the models' schema, EXECUTE on the model (what lets them call its ML function;
    # the GRANT usage notes: ML function permissions are granted through the model), SELECT on the scores view
    assert len(statements) == 9 and not any("on function" in s for s in statements)
    assert sum(bool(GRANT_ON_MODEL.match(s)) for s in statements) == 3
    assert 'grant usage on schema "dwhml_ml" to role "bi_reader"' in statements
    assert 'grant select on "dev"."dwhml"."model_scores" to group "analysts"' in statements


def test_auto_off_sends_no_problem_type_and_auto_on_does(compiled):
    # r_CREATE_MODEL: PROBLEM_TYPE is "not supported when AUTO OFF"; the objective tells XGBoost the problem.
    for case in ["create_model_binary", "create_model_multiclass", "create_model_regression"]:
        assert "problem_type" not in compiled[case] and "auto off" in compiled[case]
    for case in ["create_model_auto_binary", "create_model_auto_multiclass", "create_model_auto_regression"]:
        assert "\nproblem_type " in compiled[case] and "auto on" in compiled[case]
    assert "objective 'F1Macro'" in compiled["create_model_auto_multiclass"]


def test_hostile_labels_round_trip_and_stay_one_statement(compiled):
    sql = compiled["hostile_labels"]
    assert _string_literals(sql) == HOSTILE
    tree = sqlfluff.parse(sql, dialect="redshift")
    assert "unparsable" not in str(tree)
    assert sum(1 for line in str(tree).splitlines() if line.strip().startswith("[") and "statement:" in line) in (0, 1)
    assert sqlfluff.lint(sql, dialect="redshift", rules=["PRS"]) == []


# Each name carries several hostile characters (one dbt compile per name: they fail at the first).
@pytest.mark.parametrize("name", ['a"b; drop table t; --', "名前'\\\n x"])
def test_hostile_identifiers_are_refused(tmp_path, name):
    project = DbtProject(tmp_path)
    project.env.update(REDSHIFT_ENV)
    result = project.dbt("compile", "--quiet", "--no-populate-cache", "--inline",
                         "{{ dwhml.quote_identifier(" + repr(name) + ") }}")
    assert result.returncode != 0
    assert "use letters, digits and _" in result.stdout + result.stderr


def test_a_blend_takes_only_components_that_give_a_probability_on_redshift(tmp_path):
    # AUTO OFF's function returns the class only; AUTO ON's has <function>_probabilities; the linear models'
    # join always gives one. blend_sql refuses a component for which this is false.
    import json

    cases = [("xgboost", "{'redshift': {'auto': false}}"), ("xgboost", "{'redshift': {'auto': true}}"),
             ("sparse_linear", "{}"), ("bow_linear_svc", "{'weighting': 'count'}")]
    calls = ", ".join("dwhml.redshift__gives_probability({'problem_type': 'binary_classification', 'model_type': '"
                      + t + "', 'hyperparameters': " + h + "})" for t, h in cases)
    result = DbtProject(tmp_path).dbt("compile", "--quiet", "--inline", "{{ tojson([" + calls + "]) }}")
    assert result.returncode == 0, result.stdout[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [False, True, True, True]
