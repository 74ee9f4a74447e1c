"""The ml_model materialization's Redshift path, executed: the project's redshift__ macros run on
DuckDB through a test-only dispatch shim (tests/redshift_shim), with STV_ML_MODEL_INFO as a DuckDB
table the test moves from training to ready or failed. It proves dwhml's sequencing (submit,
attach instead of retraining, nothing downstream before ready, gate, promote, scores view,
grants, resume after failure), not Redshift itself."""
import json
import re
import textwrap
from pathlib import Path

import pytest

from dbt_runner import shim_project
from dwhml.redshift_status import pending_models
from redshift_rules import violations

pytestmark = pytest.mark.slow
SHIM = Path(__file__).parent / "redshift_shim"

MODEL = textwrap.dedent("""\
    {{ config(materialized='ml_model', meta={'dwhml': {
        'target': 'label', 'problem_type': 'binary_classification', 'model_type': 'xgboost',
        'function': 'fn_rs', 'hyperparameters': {'num_round': 50}, 'data_split_column': 'is_test',
        'grant_execute_to': ['analyst', 'group analysts'], 'scores_from': 'main.rs_training',
    }}) }}
    select label, dim_0, dim_1, is_test from main.rs_training {{ var('rs_where', '') }}
""")
BAD_REDSHIFT_OPTIONS = {
    "rs_bad_key": "'redshift': {'s3_bucket': 'from-a-model-file'}",
    "rs_bad_objective": "'redshift': {'objective': 'multi:softmax'}",
    "rs_bad_auto": "'redshift': {'auto': true}",
    "rs_bad_scores_from": "'scores_from': 'rs_training'",
}
PREDICTIONS = "{{ config(materialized='table') }}\n{{ dwhml.predict(ref('rs_model'), 'main.rs_training') }}\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    models = {"ml/rs_model": MODEL, "predictions/rs_predictions": PREDICTIONS}
    for name, redshift_options in BAD_REDSHIFT_OPTIONS.items():
        models[f"ml/{name}"] = MODEL.replace("{{ config(", "{{ config(enabled=var('rs_bad', false), ").replace(
            "'scores_from': 'main.rs_training'", redshift_options)
    p = shim_project(tmp_path_factory.mktemp("redshift-path"), SHIM, models)
    p.env["DWHML_REDSHIFT_S3_BUCKET"] = "dwhml-training"
    conn = p.connect(read_only=False)
    conn.execute("create table main.stv_ml_model_info (schema_name varchar, model_name varchar, model_state varchar)")
    conn.execute("create table main.fake_redshift_log (statement varchar)")
    conn.execute("create or replace macro fnv_hash(a) as hash(a) % 1000003, (a, b) as (hash(a) + b) % 1000003")
    conn.execute("create table main.rs_training as select i as id, (i % 3 = 0)::int as label, "
                 "case when i % 3 = 0 then 1.0 else -1.0 end + (i % 7) / 100.0 as dim_0, (i % 5) / 5.0 as dim_1, "
                 "i % 5 = 0 as is_test from range(1, 701) as t(i)")
    conn.close()
    return p


def _log(project, kind):
    return [r[0] for r in project.query("select statement from main.fake_redshift_log") if r[0].startswith(kind)]


def _set_state(project, state, model_like="rs_model__%"):
    conn = project.connect(read_only=False)
    conn.execute("update main.stv_ml_model_info set model_state = ? where model_name like ?", [state, model_like])
    conn.close()


def test_redshift_path_submits_waits_attaches_promotes_and_resumes(project):
    # 1. dbt build: CREATE MODEL is submitted; the node fails while training, nothing downstream runs.
    build = project.dbt("build")
    assert build.returncode != 0
    out = build.stdout
    assert "is still training" in out and "dwhml wait-models --target duckdb" in out and "attaches to this training" in out
    assert re.search(r"Skipping|SKIP", out), out[-2000:]
    creates = _log(project, "create model")
    assert len(creates) == 1
    # MAX_CELLS = training rows (the non-test ones) x (2 features + target)
    train_rows = project.query("select count(*) from main.rs_training where not is_test")[0][0]
    assert f"max_cells {train_rows * 3}," in creates[0]
    # Every hyperparameter is sent: the model's num_round, dwhml's default for each other key and its engine
    # settings (SageMaker's own defaults never apply).
    assert ("hyperparameters default except (ALPHA '0.0', BASE_SCORE '0.5', COLSAMPLE_BYTREE '1.0', ETA '0.3', "
            "GAMMA '0.0', LAMBDA '1.0', MAX_BIN '256', MAX_DEPTH '6', MIN_CHILD_WEIGHT '1.0', NUM_ROUND '50', "
            "SEED '0', SUBSAMPLE '1.0', TREE_METHOD 'hist')") in creates[0]
    assert violations([creates[0]]) == []
    assert "when 0 then 0 when 1 then 1" in creates[0]  # the target is trained as class indexes
    registry = project.query("select model_version, status from main.dwhml_model_registry")
    assert [s for _, s in registry] == ["training"]
    version = registry[0][0]

    # 2. The submit step of `dwhml build` succeeds and attaches: no second CREATE MODEL, no second row.
    submit = project.dbt("run", "--select", "rs_model", "--vars", json.dumps({"dwhml_submit_only": True}))
    assert submit.returncode == 0, submit.stdout[-2000:]
    assert "attached, not trained again" in submit.stdout
    assert len(_log(project, "create model")) == 1
    assert project.query("select count(*) from main.dwhml_model_registry")[0][0] == 1
    conn = project.connect()
    # the models and their ML functions live in a schema of their own (<schema>_ml)
    assert pending_models(conn.cursor(), "main.dwhml_model_registry") == [f"main_ml.rs_model__{version}"]
    conn.close()

    # 3. Ready: dbt build gates, promotes, creates the stable function, grants, and scores.
    _set_state(project, "Model is Ready")
    build = project.dbt("build")
    assert build.returncode == 0, build.stdout[-3000:]
    info = project.query("select model_version, status, function_name, gate_metric, gate_value from main.rs_model")[0]
    assert info[:3] == (version, "promoted", f"fn_rs__{version}") and info[3] == "f1" and info[4] == pytest.approx(1.0)
    # no SQL UDF wraps the ML function (32-argument limit); the late-binding scores view calls the version
    assert _log(project, "create or replace function") == []
    views = _log(project, "create or replace view")
    assert len(views) == 1 and f'"main_ml"."fn_rs__{version}"("src"."dim_0", "src"."dim_1")' in views[0].replace("src.", '"src".')
    assert views[0].rstrip().endswith("with no schema binding") and '"main"."rs_training" as src' in views[0]
    assert project.query("select count(*), count(distinct model_version), min(model_version) from main.rs_model_scores")[0] \
        == (700, 1, version)
    assert _log(project, "grant") == [
        'grant usage on schema "main_ml" to "analyst"',
        f'grant execute on model "main_ml"."rs_model__{version}" to "analyst"',
        'grant select on "dwhml"."main"."rs_model_scores" to "analyst"',
        'grant usage on schema "main_ml" to group "analysts"',
        f'grant execute on model "main_ml"."rs_model__{version}" to group "analysts"',
        'grant select on "dwhml"."main"."rs_model_scores" to group "analysts"']
    scored = project.query("select count(*), sum((predicted_label = label)::int), count(predicted_probability), "
                           "min(model_version) from main.rs_predictions")[0]
    assert scored == (700, 700, 0, version)
    conn = project.connect()
    assert pending_models(conn.cursor(), "main.dwhml_model_registry") == []
    conn.close()

    # 4. A forced retrain trains a new version under a new name while the promoted one stays current.
    forced = project.dbt("build", "--vars", json.dumps({"dwhml_force_retrain": True}))
    assert forced.returncode != 0 and "is still training" in forced.stdout
    assert len(_log(project, "create model")) == 2
    new_version = project.query("select model_version from main.dwhml_model_registry where status = 'training' "
                                f"and model_version <> '{version}'")[0][0]
    assert new_version.startswith(version) and new_version != version
    assert project.query("select model_version from main.rs_model")[0][0] == version

    # 5. It fails in SageMaker: the unforced build attaches to it, fails with the reason and how to retrain,
    #    trains nothing new and leaves the current version in place.
    _set_state(project, "Model Failed: bad hyperparameter", f"rs_model__{new_version}")
    failed = project.dbt("build")
    assert failed.returncode != 0
    assert "failed: 'Model Failed: bad hyperparameter'" in failed.stdout and "dwhml_force_retrain" in failed.stdout
    assert len(_log(project, "create model")) == 2
    assert project.query("select model_version from main.rs_model")[0][0] == version


def test_guardrails_fail_before_any_create_model(project):
    before = len(_log(project, "create model"))
    small = project.dbt("run", "--select", "rs_model", "--vars", json.dumps({"rs_where": "where id <= 600"}))
    assert small.returncode != 0
    assert "needs at least 500 training rows, the SELECT has 480" in small.stdout
    assert len(_log(project, "create model")) == before


def test_bad_redshift_options_fail_naming_the_model_and_key(project):
    result = project.dbt("run", "--select", "rs_bad_key", "rs_bad_objective", "rs_bad_auto", "rs_bad_scores_from",
                         "--vars", json.dumps({"rs_bad": True}))
    assert result.returncode != 0
    out = result.stdout
    assert "model 'rs_bad_key': unknown key 's3_bucket' in meta.dwhml.redshift" in out
    assert "model 'rs_bad_objective': meta.dwhml.redshift.objective 'multi:softmax' is not one of binary:logistic" in out
    assert "model 'rs_bad_auto': meta.dwhml.hyperparameters cannot be used with meta.dwhml.redshift.auto" in out
    assert "model 'rs_bad_scores_from': meta.dwhml.scores_from must be a schema-qualified relation" in out
