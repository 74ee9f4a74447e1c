"""The dbt project end to end on DuckDB: embed -> dbt build -> analyst functions -> retrain."""
import subprocess
import sys
from pathlib import Path

import pytest

from dbt_runner import EXAMPLE, ROOT, DbtProject, copy_dbt_project, example_project

pytestmark = pytest.mark.slow
SAMPLE_ROWS = "5000"
DIMS = ", ".join(f"dim_{i}" for i in range(100))
# The example's tuned models (meta.dwhml.tuning) and their trial budgets.
TUNED_MODELS = ["employment_classifier_tuned", "employment_sparse_tuned"]
TRIALS = {"employment_classifier_tuned": 10, "employment_sparse_tuned": 8}
# Floors for 5,000 texts and a 3-epoch fastText: the dense models' scores vary run to run
# (fastText is not reproducible here), so the floors only catch broken models.
FLOORS = "{dwhml_f1_floor: 0.1, dwhml_macro_f1_floor: 0.2}"
MODELS = sorted([f"{task}_{kind}" for task in ("employment", "sector")
                 for kind in ("baseline", "classifier", "sparse", "supervised", "tfidf_baseline")]
                + ["employment_blend"] + TUNED_MODELS)
TOPIC_MODELS = ["comment_clusters", "comment_topics"]


def _ok(result):
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return result.stdout


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    p = example_project(tmp_path_factory.mktemp("dbt_project"))
    _ok(p.dwhml("load-sample", "--limit", SAMPLE_ROWS))
    for step in p.embed("--epoch", "3"):
        _ok(step)
    p.first_build = _ok(p.dbt("build", "--vars", FLOORS))
    return p


def test_build_trains_predicts_and_evaluates_without_warnings(project):
    out = project.first_build
    assert "Completed successfully" in out
    assert "deprecat" not in out.lower()
    assert "WARN=0" in out, project.query("select model_name, metric, value from model_metrics "
                                          "where metric in ('f1', 'macro_f1')")
    registry = project.query("select model_name, training_rows, status, gate_metric, gate_value "
                             "from dwhml_model_registry order by 1")
    assert [r[0] for r in registry] == sorted(MODELS + TOPIC_MODELS)
    assert all(r[1] > 3000 and r[2] == "promoted" for r in registry)
    metrics = dict(project.query("select model_name || '.' || metric, value from model_metrics"))
    for name, *_, gate_metric, gate_value in [r for r in registry if r[0] in MODELS]:
        # The gate scored each version on the same test rows that model_metrics evaluates.
        assert gate_value == pytest.approx(metrics[f"{name}.{gate_metric}"], abs=1e-9), name
    for name in [m for m in MODELS if m.startswith("employment")]:
        assert 0 < metrics[f"{name}.f1"] <= 1 and 0.5 < metrics[f"{name}.roc_auc"] <= 1
        scored = "example_supervised_vectors" if name.endswith(("supervised", "blend")) else "example_vectors"
        assert metrics[f"{name}.n"] == project.query(
            f"select count(*) from {scored} where split = 'test' and id in (select id from example_vectors)")[0][0]
    for name in [m for m in MODELS if m.startswith("sector")]:
        assert 0.3 < metrics[f"{name}.macro_f1"] <= 1


def test_metrics_match_an_independent_computation(project):
    from sklearn.metrics import f1_score, log_loss, roc_auc_score

    rows = project.query("select is_employment, predicted_label, predicted_probability from employment_predictions "
                         "where split = 'test'")
    y, y_hat, p = zip(*rows)
    metrics = dict(project.query("select metric, value from model_metrics where model_name = 'employment_classifier'"))
    assert metrics["f1"] == pytest.approx(f1_score(y, y_hat), abs=1e-9)
    assert metrics["roc_auc"] == pytest.approx(roc_auc_score(y, p), abs=1e-9)
    assert metrics["log_loss"] == pytest.approx(log_loss(y, p), abs=1e-6)
    rows = project.query("select sector, predicted_label from sector_predictions where split = 'test'")
    y, y_hat = zip(*rows)
    metrics = dict(project.query("select metric, value from model_metrics where model_name = 'sector_classifier'"))
    assert metrics["macro_f1"] == pytest.approx(f1_score(y, y_hat, average="macro"), abs=1e-9)


def test_plain_duckdb_session_calls_the_functions(project):
    """A client that never loaded the plugin gets the same predictions as dbt's table."""
    code = f"""
import duckdb
conn = duckdb.connect({str(project.database)!r}, read_only=True)
conn.execute('set enable_progress_bar = false')  # a slow query's progress bar would write to stdout
print(conn.execute('''
    select count(*),
           sum(case when p.predicted_label = fn_employment({DIMS}) then 1 else 0 end),
           max(abs(p.predicted_probability - fn_employment_probability({DIMS})))
    from employment_predictions as p inner join example_vectors as v on p.id = v.id''').fetchall()[0])
print(conn.execute('''
    select count(*), sum(case when p.predicted_label = fn_sector({DIMS}) then 1 else 0 end),
           max(abs(p.predicted_probability - fn_sector_probability({DIMS})))
    from sector_predictions as p inner join example_vectors as v on p.id = v.id''').fetchall()[0])
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for line in result.stdout.strip().splitlines():
        total, same, max_diff = eval(line)
        assert total > 4000 and same == total and max_diff < 1e-5


def test_sql_of_models_passes_sqlfluff(project):
    compiled = project.work / "target" / "compiled"
    folders = [str(compiled / "economy_watchers" / "models" / f) for f in ("features", "ml", "predictions")]
    folders.append(str(compiled / "dwhml" / "models" / "evaluation"))
    result = subprocess.run([str(Path(sys.executable).parent / "sqlfluff"), "lint", "--config",
                             str(ROOT / ".sqlfluff"), *folders], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:]


def test_blend_is_the_weighted_mean_of_its_components(project):
    total, max_diff, wrong_labels = project.query("""
        select count(*),
               max(abs(b.predicted_probability - (0.5 * d.predicted_probability + 0.5 * s.predicted_probability))),
               sum(case when b.predicted_label = (case when b.predicted_probability >= 0.5 then 1 else 0 end)
                   then 0 else 1 end)
        from employment_blend_predictions as b
        inner join employment_supervised_predictions as d on b.id = d.id
        inner join employment_sparse_predictions as s on b.id = s.id""")[0]
    assert total > 4000 and max_diff < 1e-9 and wrong_labels == 0


def test_supervised_vectors_learn_from_the_train_split_only(project):
    from embeddings.duckdb_io import training_labels

    conn = project.connect()
    try:
        learned_from = set(training_labels(conn, "raw.labels", 80))
        train = {r[0] for r in conn.execute("select id from examples where split = 'train'").fetchall()}
        versions = conn.execute("select distinct embedding_version from raw.text_vectors_supervised").fetchall()
        unsupervised = conn.execute("select distinct embedding_version from raw.text_vectors").fetchall()
        vectors = conn.execute("select count(*) from raw.text_vectors_supervised").fetchall()[0][0]
    finally:
        conn.close()
    assert learned_from == train  # the embed step's split is the dbt project's split
    assert len(versions) == 1 and versions != unsupervised
    assert vectors > 4900  # every text, test split included, gets a vector from the train-only model


def test_tuned_models_record_every_trial_and_serve_the_chosen_one(project):
    """Each tuned version: one trials row per trial of its budget, exactly one chosen, the chosen parameters are
    the version's recorded hyperparameters, and every trial was fitted and scored on the training rows only:
    their counts add up to the rows without the test split, which the SELECT has more of."""
    import json

    for model in TUNED_MODELS:
        version, hyperparameters, training_rows = project.query(
            f"select model_version, hyperparameters, training_rows from dwhml_model_registry "
            f"where model_name = '{model}' and status = 'promoted'")[0]
        trials = project.query(f"select trial_number, parameters, status, chosen, fit_rows, validation_rows, "
                               f"objective_value from dwhml_trials where model_name = '{model}' "
                               f"and model_version = '{version}' order by trial_number")
        assert [t[0] for t in trials] == list(range(1, TRIALS[model] + 1)), model
        assert {t[2] for t in trials} <= {"completed", "failed", "pruned"}
        (chosen,) = [t for t in trials if t[3]]
        assert chosen[6] == max(t[6] for t in trials if t[2] == "completed")
        recorded = json.loads(hyperparameters)
        assert json.loads(chosen[1]) == {k: recorded[k] for k in json.loads(chosen[1])}, model
        # rows are texts: a sparse model's ids, the XGBoost model's vector rows
        source = "example_vectors" if model == "employment_classifier_tuned" else "training_texts"
        everything, without_test = project.query(
            f"select count(*), count(*) filter (where split <> 'test') from {source}")[0]
        assert all(t[4] + t[5] == training_rows == without_test < everything for t in trials), (model, trials[0])
    trials = _ok(project.dwhml("trials"))
    assert all(f"{model} (version" in trials for model in TUNED_MODELS)


def test_unchanged_rerun_trains_nothing_and_appends_nothing(project):
    before = project.query("select count(*) from model_metrics")[0][0]
    trials = project.query("select count(*) from dwhml_trials")[0][0]
    out = _ok(project.dbt("build", "--vars", FLOORS))
    assert out.count("training skipped") == len(MODELS + TOPIC_MODELS)
    assert out.count("tuning and training skipped") == len(TUNED_MODELS)
    assert project.query("select count(*) from dwhml_trials")[0][0] == trials == sum(TRIALS.values())
    assert project.query("select count(*) from model_metrics")[0][0] == before
    assert project.query("select count(*) from dwhml_model_registry")[0][0] == len(MODELS + TOPIC_MODELS)


def _predictions_table(model):
    return {"employment_classifier": "employment_predictions", "sector_classifier": "sector_predictions"}.get(
        model, f"{model}_predictions")


def test_retrain_after_data_change_appends_a_version(project):
    old = {m: project.query(f"select model_version from {m}")[0][0] for m in MODELS}
    old_metrics = project.query("select metric, value from model_metrics where model_version = ? order by 1"
                                .replace("?", f"'{old['employment_classifier']}'"))
    conn = project.connect(read_only=False)
    conn.execute("delete from raw.labels where id in (select id from raw.labels order by id limit 300)")
    conn.close()
    out = _ok(project.dbt("build", "--vars", FLOORS))
    assert out.count("trained version") == len(MODELS + TOPIC_MODELS)
    for model in MODELS:
        rows = project.query(f"select model_version, status from dwhml_model_registry where model_name = '{model}' "
                             "order by recorded_at")
        assert len(rows) == 2 and rows[0] == (old[model], "promoted")
        new, status = rows[1]
        assert new != old[model]
        # Promoted: everything downstream moves to the new version; not promoted: nothing does.
        expected = new if status == "promoted" else old[model]
        assert status == "promoted" or f"{model}: version {new} recorded but not promoted" in out
        assert project.query(f"select model_version from {model}") == [(expected,)]
        if model not in TUNED_MODELS:  # the tuned ones have no predictions model
            assert project.query(f"select distinct model_version from {_predictions_table(model)}") == [(expected,)]
        evaluated = project.query(f"select distinct model_version from model_metrics where model_name = '{model}'")
        assert sorted(evaluated) == sorted({(old[model],), (expected,)})
    assert project.query("select metric, value from model_metrics where model_version = ? order by 1"
                         .replace("?", f"'{old['employment_classifier']}'")) == old_metrics


BAD_MODELS = {
    "bad_blend": ("{'target': 'is_employment', 'problem_type': 'binary_classification', 'model_type': 'blend'}",
                  "select is_employment, id from {{ ref('examples') }}",
                  "model 'bad_blend': model_type blend needs meta.dwhml.components"),
    "bad_gate": ("{'target': 'is_employment', 'problem_type': 'binary_classification', "
                 "'quality_gate': {'metric': 'macro_f1'}, 'data_split_column': 'is_test'}",
                 "select is_employment, dim_0, split = 'test' as is_test from {{ ref('example_vectors') }}",
                 "model 'bad_gate': meta.dwhml.quality_gate.metric 'macro_f1' is not one of"),
    "bad_split": ("{'target': 'is_employment', 'problem_type': 'binary_classification', "
                  "'data_split_column': 'split'}",
                  "select is_employment, dim_0, split from {{ ref('example_vectors') }}",
                  "model 'bad_split': meta.dwhml.data_split_column 'split' is VARCHAR, not boolean"),
    "bad_unknown_key": ("{'target': 'is_employment', 'problem_type': 'binary_classification', 'colour': 'red'}",
                        "select is_employment, dim_0 from {{ ref('example_vectors') }}",
                        "model 'bad_unknown_key': unknown key 'colour'"),
    "bad_problem_type": ("{'target': 'is_employment', 'problem_type': 'ranking'}",
                         "select is_employment, dim_0 from {{ ref('example_vectors') }}",
                         "model 'bad_problem_type': meta.dwhml.problem_type 'ranking' is not one of"),
    "bad_missing_target": ("{'target': 'label', 'problem_type': 'binary_classification'}",
                           "select is_employment, dim_0 from {{ ref('example_vectors') }}",
                           "model 'bad_missing_target': meta.dwhml.target column 'label' is not in the SELECT"),
    "bad_text_feature": ("{'target': 'is_employment', 'problem_type': 'binary_classification'}",
                         "select is_employment, split, dim_0 from {{ ref('example_vectors') }}",
                         "model 'bad_text_feature': feature column 'split' is VARCHAR, not numeric"),
    "bad_sparse_columns": ("{'target': 'is_employment', 'problem_type': 'binary_classification', "
                           "'model_type': 'sparse_linear'}",
                           "select is_employment, id, dim_0 from {{ ref('example_vectors') }}",
                           "model 'bad_sparse_columns': model_type sparse_linear needs the target and columns id, "
                           "feature (text), weight (numeric)"),
    "bad_hyperparameter": ("{'target': 'is_employment', 'problem_type': 'binary_classification', "
                           "'hyperparameters': {'num_rounds': 5}}",
                           "select is_employment, dim_0 from {{ ref('example_vectors') }}",
                           "model 'bad_hyperparameter': unknown hyperparameter 'num_rounds'"),
    "bad_boolean": ("{'target': 'is_employment', 'problem_type': 'binary_classification', "
                    "'hyperparameters': {'eta': true}}",
                    "select is_employment, dim_0 from {{ ref('example_vectors') }}",
                    "model 'bad_boolean': meta.dwhml.hyperparameters.eta must be a number or a string, not true"),
    "bad_topic_target": ("{'target': 'is_employment', 'problem_type': 'topic_model', 'model_type': 'kmeans'}",
                         "select id, dim_0 from {{ ref('example_vectors') }}",
                         "model 'bad_topic_target': a topic_model has no meta.dwhml.target"),
    "bad_topic_type": ("{'problem_type': 'topic_model', 'model_type': 'xgboost'}",
                       "select id, dim_0 from {{ ref('example_vectors') }}",
                       "model 'bad_topic_type': model_type xgboost is not a topic model (use lda or kmeans)"),
    "bad_lda_columns": ("{'problem_type': 'topic_model', 'model_type': 'lda'}",
                        "select id, dim_0 from {{ ref('example_vectors') }}",
                        "model 'bad_lda_columns': model_type lda needs the columns id, feature (text), weight"),
    "bad_stop_words": ("{'problem_type': 'topic_model', 'model_type': 'lda', 'hyperparameters': {'stop_words': 'en'}}",
                       "select id, feature, weight from {{ ref('text_features') }}",
                       "model 'bad_stop_words': hyperparameter 'stop_words' must be 'default' or 'none'"),
    "bad_tuning_key": ("{'target': 'is_employment', 'problem_type': 'binary_classification', "
                       "'tuning': {'trials': 4, 'budget': 3, 'parameters': {'eta': {'range': [0.1, 0.3]}}}}",
                       "select is_employment, dim_0 from {{ ref('example_vectors') }}",
                       "model 'bad_tuning_key': unknown key 'budget' in meta.dwhml.tuning (allowed: trials, "
                       "parallel_trials, objective, validation, parameters)"),
    "bad_tuning_range": ("{'target': 'is_employment', 'problem_type': 'binary_classification', "
                         "'tuning': {'trials': 4, 'parameters': {'eta': {'range': [0, 0.3]}}}}",
                         "select is_employment, dim_0 from {{ ref('example_vectors') }}",
                         "model 'bad_tuning_range': hyperparameter 'eta' must be > 0.0, got 0"),
    "bad_tuning_name": ("{'target': 'is_employment', 'problem_type': 'binary_classification', "
                        "'tuning': {'trials': 4, 'parameters': {'nthread': {'candidates': [1, 2]}}}}",
                        "select is_employment, dim_0 from {{ ref('example_vectors') }}",
                        "model 'bad_tuning_name': unknown hyperparameter 'nthread' in meta.dwhml.tuning.parameters"),
    "bad_tuning_family": ("{'problem_type': 'topic_model', 'model_type': 'kmeans', "
                          "'tuning': {'trials': 4, 'parameters': {'num_clusters': {'candidates': [5, 10]}}}}",
                          "select id, dim_0 from {{ ref('example_vectors') }}",
                          "model 'bad_tuning_family': meta.dwhml.tuning tunes model_type xgboost, sparse_linear or "
                          "bow_linear_svc, not kmeans"),
    "bad_range": ("{'target': 'is_employment', 'problem_type': 'binary_classification', "
                  "'hyperparameters': {'max_depth': -1}}",
                  "select is_employment, dim_0 from {{ ref('example_vectors') }}",
                  "model 'bad_range': hyperparameter 'max_depth' must be >= 0, got -1"),
}


def test_bad_config_fails_naming_the_model_and_key(project, tmp_path):
    copy = copy_dbt_project(tmp_path / "project")
    for name, (meta, select, _) in BAD_MODELS.items():
        (copy / "models" / f"{name}.sql").write_text(
            f"{{{{ config(materialized='ml_model', meta={{'dwhml': {meta}}}) }}}}\n{select}\n", encoding="utf-8")
    bad = DbtProject(project.work, project_dir=copy)
    bad.deps()
    result = bad.dbt("run", "-s", *BAD_MODELS)
    assert result.returncode == 1
    for name, (_, _, message) in BAD_MODELS.items():
        assert message in result.stdout, (name, result.stdout[-3000:])
    # checked before the training rows are exported: no export of a refused model is left in the store
    for name in ("bad_hyperparameter", "bad_boolean", "bad_range"):
        assert not list((project.store / name).glob("export-*")), name


def test_sparse_model_sql_scoring_equals_the_python_reference(project):
    """The join + group by in SQL gives the calibrated probabilities of the NumPy reference."""
    from python_udfs.sparse_linear import predict_proba

    conn = project.connect()
    try:
        features = conn.sql("select id, feature, weight from text_features").to_arrow_table()
        for task, n_classes in (("employment", 2), ("sector", 3)):
            artifact = conn.execute(f"select artifact_location from {task}_sparse").fetchall()[0][0]
            ids, proba = predict_proba(artifact, features, n_classes)
            expected = dict(zip(ids, proba[:, 1] if n_classes == 2 else proba.max(axis=1)))
            scored = dict(conn.execute(f"select id, predicted_probability from {task}_sparse_predictions").fetchall())
            assert set(scored) <= set(expected) and len(scored) > 4000  # predictions cover the labelled texts
            assert max(abs(scored[i] - expected[i]) for i in scored) < 1e-9, task
    finally:
        conn.close()


@pytest.mark.parametrize("model", ["sector_sparse", "employment_baseline", "sector_tfidf_baseline"])
def test_plain_duckdb_session_scores_the_linear_models(project, model):
    # The analysts' table functions give the predictions tables' scores, with each model's own weighting (the
    # baselines count or weigh tf x idf; fn_<baseline> once scored them as sublinear TF-IDF), for every text.
    code = "\n".join([
        "import duckdb",
        f"conn = duckdb.connect({str(project.database)!r}, read_only=True)",
        "print(conn.execute(\"select count(*), sum(case when p.predicted_label = f.predicted_label then 1 else 0 end), "
        f"max(abs(p.predicted_probability - f.predicted_probability)), (select count(*) from {model}_predictions), "
        f"(select count(distinct id) from main.text_features), (select count(*) from fn_{model}('main.text_features')) "
        f"from {model}_predictions as p inner join fn_{model}('main.text_features') as f on p.id = f.id\").fetchall()[0])",
    ])
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    total, same, max_diff, predicted, texts, scored = eval(result.stdout.strip())
    assert total == predicted > 4000 and same == total and max_diff < 1e-9
    assert scored == texts


def test_leaderboard_features_equal_the_sql_feature_table(project):
    """The leaderboard scores the same features the text_features model builds in SQL."""
    from dwhml.leaderboard import char_word_features

    rows = project.query("select id, normalised, tokens from raw.text_tokens order by id limit 50")
    for text_id, normalised, tokens in rows:
        sql = dict(project.query(f"select feature, weight from text_features where id = '{text_id}'"))
        assert sql == dict(char_word_features(normalised, tokens)), text_id


def test_topic_models_reconcile_measure_and_assign_in_sql(project):
    """Every text LDA read has a distribution summing to 1 or a reject; its measures are recorded per version;
    new texts get the distribution the fit gave its held-out texts; k-means' SQL join equals NumPy's nearest
    centroid; the synthetic users' preferences sum to 1."""
    import numpy as np

    from python_udfs.topics import nearest_centroid

    read = {r[0] for r in project.query("select distinct f.id from text_features as f inner join training_texts as e "
                                        "on f.id = e.id where f.feature like 'w:%'")}
    sums = dict(project.query("select id, sum(probability) from comment_topics__text_topics group by id"))
    rejects = {r[0] for r in project.query("select id from comment_topics__topic_rejects")}
    assert read == set(sums) | rejects and not set(sums) & rejects and len(sums) > 4000
    assert max(abs(v - 1) for v in sums.values()) < 1e-9
    measures = dict(project.query("select metric, value from model_metrics where model_name = 'comment_topics'"))
    assert -1 < measures["coherence_npmi"] < 1 and measures["perplexity_held_out"] > 1
    assert measures["texts_train"] + measures["texts_held_out"] + measures["rejects"] == len(read)
    assert project.query("select count(*) from comment_topics__topic_words where rank = 1") == [(10,)]
    # The incremental assignments of every comment: the held-out texts' rows are the fit's own.
    held_out = project.query("""
        select a.id, a.topic, a.probability, t.probability from comment_topic_assignments as a
        inner join comment_topics__text_topics as t on a.id = t.id and a.topic = t.topic
        inner join training_texts as e on a.id = e.id where e.split = 'test'""")
    assert len(held_out) > 5000 and max(abs(r[2] - r[3]) for r in held_out) < 1e-12
    conn = project.connect()
    try:
        dims = [f"dim_{i}" for i in range(100)]
        vectors = conn.execute(f"select id, {', '.join(dims)} from raw.text_vectors order by id").fetchnumpy()
        centroids = conn.execute(f"select {', '.join(dims)} from comment_clusters__centroids order by cluster").fetchnumpy()
        X = np.column_stack([vectors[d] for d in dims]).astype(np.float64)
        C = np.column_stack([centroids[d] for d in dims])
        expected, _ = nearest_centroid(X, C)
        for relation in ("fn_comment_cluster('raw.text_vectors')", "comment_cluster_assignments"):
            got = dict(conn.execute(f"select id, topic from {relation}").fetchall())
            assert [got[i] for i in vectors["id"]] == expected.tolist(), relation
        preferences = conn.execute("select user_id, sum(preference), min(topic_rank), count(*) "
                                   "from user_topic_preferences group by user_id").fetchall()
        assert len(preferences) > 100 and all(abs(p - 1) < 1e-9 and r == 1 for _, p, r, _ in preferences)
        recommended = conn.execute("select count(*) from user_recommendations as r inner join synthetic_events as e "
                                   "on r.user_id = e.user_id and r.text_id = e.text_id").fetchall()[0][0]
        assert recommended == 0  # never a text the user has an event on
        # Neighbours: brute force over every pair equals the table's top 5.
        norms = np.linalg.norm(X, axis=1)
        unit = X / norms[:, None]
        sims = unit @ unit.T
        np.fill_diagonal(sims, -np.inf)
        ids = list(vectors["id"])
        expected = {}
        for i in range(len(ids)):
            best = np.lexsort((np.arange(len(ids)), -sims[i]))[:5]
            expected[ids[i]] = [(ids[j], sims[i, j]) for j in best]
        table = {}
        for i, j, s, r in conn.execute("select id, neighbour_id, similarity, neighbour_rank from similar_comments "
                                       "order by id, neighbour_rank").fetchall():
            table.setdefault(i, []).append((j, s))
        assert table.keys() == expected.keys()
        for i, found in table.items():
            assert [j for j, _ in found] == [j for j, _ in expected[i]], i
            assert max(abs(s - e) for (_, s), (_, e) in zip(found, expected[i])) < 1e-9
    finally:
        conn.close()


def test_topic_counts_compare_the_lda_models_counts_on_its_rows(project):
    out = _ok(project.dwhml("topic-counts", "--model", "comment_topics", "--counts", "5,10"))
    assert "10 (current)" in out and "best first" in out
    # the current count's coherence is the version's own measure: the same rows, the same settings
    recorded = project.query("select value from model_metrics where model_name = 'comment_topics' "
                             "and metric = 'coherence_npmi'")[0][0]
    line = next(line for line in out.splitlines() if line.startswith("10 (current)"))
    assert float(line.split()[2]) == pytest.approx(recorded, abs=5e-5)
    refused = project.dwhml("topic-counts", "--model", "employment_sparse")
    assert refused.returncode == 1 and "is a sparse_linear model" in refused.stderr
    clusters = _ok(project.dwhml("topic-counts", "--model", "comment_clusters", "--counts", "5,10"))
    assert "10 (current)" in clusters and "silhouette" in clusters
