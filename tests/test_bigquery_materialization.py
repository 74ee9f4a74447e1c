"""The ml_model materialization's BigQuery path, executed: the project's bigquery__ train and info-table
macros run on DuckDB through a test-only dispatch shim (tests/bigquery_shim) that logs CREATE MODEL and
the scores view (run on DuckDB) and stands in for ML.PREDICT. It proves dwhml's versioning, reuse, gating and
config checks on BigQuery's path, not BigQuery itself."""
import json
import textwrap
from pathlib import Path

import pytest

from bigquery_ml_rules import option_violations
from dbt_runner import shim_project

pytestmark = pytest.mark.slow
SHIM = Path(__file__).parent / "bigquery_shim"

MODEL = textwrap.dedent("""\
    {{ config(materialized='ml_model', meta={'dwhml': {
        'target': 'label', 'problem_type': 'binary_classification', 'model_type': 'xgboost',
        'function': 'employment', 'hyperparameters': {'num_round': 50, 'max_depth': 4},
        'data_split_column': 'is_test', 'grant_execute_to': ['analyst'], 'scores_from': 'main.bq_training',
        'tuning': {'trials': 8, 'parallel_trials': 2, 'parameters': {'eta': {'range': [0.05, 0.3], 'log': true}}},
    }}) }}
    select label, dim_0, dim_1, is_test from main.bq_training
""")
BAD = {
    "bq_bad_hyperparameter": MODEL.replace("'max_depth': 4", "'max_depth': 4, 'nthread': 2"),
    "bq_bad_objective": MODEL.replace("'trials': 8", "'trials': 8, 'objective': 'r2'"),
    "bq_bad_tuning": MODEL.replace("'trials': 8, 'parallel_trials': 2", "'trials': 1"),
    "bq_bad_twice": MODEL.replace("'eta': {'range': [0.05, 0.3], 'log': true}", "'max_depth': {'range': [2, 8]}"),
    "bq_bad_untunable": MODEL.replace("'num_round': 50, ", "").replace("'eta': {'range': [0.05, 0.3], 'log': true}",
                                                                         "'num_round': {'range': [50, 200]}"),
    "bq_bad_validation": MODEL.replace("'trials': 8", "'trials': 8, 'validation': {'folds': 3}"),
    # the spelling before meta.dwhml.tuning (one spelling on every target)
    "bq_bad_old_spelling": MODEL.replace("'tuning': {", "'bigquery': {'num_trials': 8}, 'tuning': {"),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    models = {"ml/bq_model": MODEL,
              "predictions/bq_predictions": "{{ config(materialized='table') }}\n"
                                            "{{ dwhml.predict(ref('bq_model'), 'main.bq_training') }}\n"}
    for name, sql in BAD.items():
        models[f"ml/{name}"] = sql.replace("{{ config(", "{{ config(enabled=var('bq_bad', false), ")
    models["ml/bq_default_rounds"] = MODEL.replace("'num_round': 50, ", "").replace(
        "{{ config(", "{{ config(enabled=var('bq_rounds', false), ")
    p = shim_project(tmp_path_factory.mktemp("bigquery-path"), SHIM, models)
    conn = p.connect(read_only=False)
    conn.execute("create table main.fake_bigquery_log (statement varchar)")
    conn.execute("create or replace macro farm_fingerprint(x) as (hash(x) % 1000000007)::bigint")
    conn.execute("create or replace macro to_json_string(t) as to_json(t)::varchar")
    conn.execute("create table main.bq_training as select i as id, (i % 3 = 0)::int as label, "
                 "case when i % 3 = 0 then 1.0 else -1.0 end as dim_0, (i % 5) / 5.0 as dim_1, "
                 "i % 5 = 0 as is_test from range(1, 301) as t(i)")
    conn.close()
    return p


def _creates(project):
    return [r[0] for r in project.query("select statement from main.fake_bigquery_log") if r[0].startswith("create model")]


def test_bigquery_path_trains_a_versioned_tuned_model_once_and_promotes_it(project):
    build = project.dbt("build")
    assert build.returncode == 0, build.stdout[-3000:]
    creates = _creates(project)
    version = project.query("select model_version from main.bq_model")[0][0]
    assert len(creates) == 1 and creates[0].startswith(f'create model if not exists "dwhml"."main"."bq_model__{version}"')
    for option in ["model_type = 'BOOSTED_TREE_CLASSIFIER'", "input_label_cols = ['label']", "max_iterations = 50",
                   "max_tree_depth = 4", "num_trials = 8", "max_parallel_trials = 2",
                   "hparam_tuning_objectives = ['F1_SCORE']", "learn_rate = hparam_range(0.05, 0.3)",
                   "data_split_method = 'AUTO_SPLIT'"]:
        assert option in creates[0], option
    # BigQuery ML trains on dwhml's train rows only, without the split column; its test rows gate the version
    assert 'select dwhml_split."label", dwhml_split."dim_0", dwhml_split."dim_1"' in creates[0]
    assert 'where not coalesce(dwhml_split."is_test", false)' in creates[0]
    info = project.query("select status, artifact_location, gate_metric, gate_value from main.bq_model")[0]
    assert info[0] == "promoted" and info[1] == f"bigquery-ml://dwhml.main.bq_model__{version}"
    assert info[2] == "f1" and info[3] == pytest.approx(1.0)
    # the stable name is the scores view over scores_from; no model copy unless asked for
    log = [r[0] for r in project.query("select statement from main.fake_bigquery_log")]
    assert not [s for s in log if s.startswith("copy")]
    views = [s for s in log if s.startswith("create or replace view")]
    assert len(views) == 1 and views[0].startswith('create or replace view "dwhml"."main"."bq_model_scores" as')
    assert project.query("select count(*), min(model_version), max(model_version) from main.bq_model_scores")[0] \
        == (300, version, version)
    assert "BigQuery has no per-model grant; grant_execute_to (analyst) is not applied" in build.stdout
    assert project.query("select count(*), min(model_version) from main.bq_predictions")[0] == (300, version)
    # The trials BigQuery ML ran, read back from ML.TRIAL_INFO (stood in for by the shim: 8 trials tuning
    # learn_rate, trial 4 optimal, trial 8 failed): one row each, in dwhml's names, the optimal one chosen, and
    # the version's recorded hyperparameters are the chosen trial's.
    reads = [s for s in log if s.startswith("select\n    t.trial_id")]
    assert len(reads) == 1 and f"ml.trial_info(model `dwhml`.`main`.`bq_model__{version}`)" in reads[0]
    trials = project.query("select trial_number, parameters, objective_metric, objective_value, status, chosen "
                           "from main.dwhml_trials where model_name = 'bq_model' order by trial_number")
    assert len(trials) == 8 and [t[0] for t in trials] == list(range(1, 9))
    assert [t[5] for t in trials] == [n == 4 for n in range(1, 9)]
    assert [t[4] for t in trials] == ["completed"] * 7 + ["failed"] and trials[7][3] is None
    assert json.loads(trials[3][1]) == {"eta": pytest.approx(0.13)} and trials[3][2] == "f1"
    assert trials[3][3] == pytest.approx(0.9)
    recorded = json.loads(project.query("select hyperparameters from main.dwhml_model_registry "
                                        "where model_name = 'bq_model' and status = 'promoted'")[0][0])
    assert recorded["eta"] == pytest.approx(0.13) and recorded["max_depth"] == 4
    assert "tuning xgboost with 8 trials (2 at a time) over eta, objective f1 on BigQuery ML's own split" in build.stdout

    again = project.dbt("build")
    assert again.returncode == 0 and "tuning and training skipped" in again.stdout
    assert len(_creates(project)) == 1
    assert project.query("select count(*) from main.dwhml_trials where model_name = 'bq_model'")[0][0] == 8

    forced = project.dbt("build", "--vars", json.dumps({"dwhml_force_retrain": True}))
    assert forced.returncode == 0, forced.stdout[-2000:]
    assert len(_creates(project)) == 2
    assert f'"bq_model__{version}r' in _creates(project)[1]


def test_bad_bigquery_options_fail_naming_the_model_and_key(project):
    result = project.dbt("run", "--select", *BAD, "--vars", json.dumps({"bq_bad": True}))
    assert result.returncode != 0
    out = result.stdout
    assert "model 'bq_bad_hyperparameter': unknown hyperparameter 'nthread' for model_type 'xgboost'" in out
    assert ("model 'bq_bad_objective': meta.dwhml.tuning.objective 'r2' is not one of f1, roc_auc, accuracy, precision, "
            "recall, log_loss") in out
    assert "model 'bq_bad_tuning': meta.dwhml.tuning.trials must be given, an integer >= 2" in out
    assert ("model 'bq_bad_twice': max_depth is both fixed in meta.dwhml.hyperparameters and tuned in "
            "meta.dwhml.tuning.parameters") in out
    assert ("model 'bq_bad_untunable': meta.dwhml.tuning.parameters.num_round: num_round is BigQuery ML's MAX_ITERATIONS, "
            "which takes no HPARAM_RANGE or HPARAM_CANDIDATES") in out
    assert ("model 'bq_bad_validation': meta.dwhml.tuning.validation is not used on BigQuery: BigQuery ML splits the "
            "training rows for its trials itself") in out
    assert ("model 'bq_bad_old_spelling': unknown key 'num_trials' in meta.dwhml.bigquery (allowed: model_type; tuning is "
            "meta.dwhml.tuning") in out


def test_rounds_a_model_does_not_set_are_dwhmls_default_not_bigquerys(project):
    # BigQuery's boosted tree defaults to 20 iterations; DuckDB trains 100: the model gets 100 on both.
    result = project.dbt("run", "--select", "bq_default_rounds", "--vars", json.dumps({"bq_rounds": True}))
    assert result.returncode == 0, result.stdout[-3000:]
    (create,) = [c for c in _creates(project) if "bq_default_rounds__" in c]
    assert "max_iterations = 100" in create and "max_tree_depth = 4" in create
    # Every other key it does not set is dwhml's default too, not left to BigQuery ML's; no option for
    # max_bin and seed (XGBoost's own 256 and dwhml's 0 are not sent); BigQuery stops no round early.
    for option in ["min_split_loss = 0.0", "l1_reg = 0.0", "l2_reg = 1.0", "min_tree_child_weight = 1",
                   "subsample = 1.0", "colsample_bytree = 1.0", "tree_method = 'HIST'", "early_stop = false",
                   "xgboost_version = '1.1'"]:
        assert option in create, (option, create)
    assert "max_bin" not in create and "seed" not in create
    assert option_violations(create) == []
