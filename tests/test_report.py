"""The report's pages from hand-made registry and metrics rows (no dbt)."""
import json

import pytest

from dwhml.report import load_models, write_report
from dwhml.report_charts import confusion_table, history_chart
from dwhml.sample_sql import sample_sql

REGISTRY_COLUMNS = ("model_name varchar, model_version varchar, trained_at timestamp, target varchar, "
                    "problem_type varchar, model_type varchar, hyperparameters varchar, training_rows bigint, "
                    "features varchar, function_name varchar, target_warehouse varchar, status varchar, "
                    "recorded_at timestamp, feature_relation varchar, gate_metric varchar, gate_value double, "
                    "gate_reason varchar, grants varchar")


def _version(conn, name, version, day, status, gate_value, model_type="xgboost", metric="f1", grants=None):
    conn.execute("insert into dwhml_model_registry values (?, ?, ?, 'is_employment', 'binary_classification', ?, "
                 "'{}', 100, ?, ?, 'duckdb', ?, ?, '\"db\".\"main\".\"text_features\"', ?, ?, 'reason', ?)",
                 [name, version, f"2026-01-{day:02d}", model_type, json.dumps(["dim_0", "dim_1"]), f"fn_{name}",
                  status, f"2026-01-{day:02d}", metric, gate_value, json.dumps(grants or {})])


@pytest.fixture
def history(duck):
    duck.execute(f"create table dwhml_model_registry ({REGISTRY_COLUMNS})")
    duck.execute("create table model_metrics (model_name varchar, model_version varchar, metric varchar, value double)")
    _version(duck, "model_a", "a1", 1, "promoted", 0.70)
    _version(duck, "model_a", "a2", 2, "promoted", 0.80, grants={"execute": ["analysts"]})
    _version(duck, "model_a", "a3", 3, "not_promoted", 0.50)
    _version(duck, "model_b", "b1", 1, "promoted", 0.90, model_type="sparse_linear")
    duck.execute("insert into model_metrics values ('model_a', 'a1', 'f1', 0.71), ('model_a', 'a2', 'f1', 0.81), "
                 "('model_a', 'a2', 'roc_auc', 0.95), ('model_b', 'b1', 'f1', 0.91)")
    return duck


def test_current_version_is_the_newest_promoted_and_status_tells_a_rejection(history):
    reports = {r.name: r for r in load_models(history)}
    a = reports["model_a"]
    assert a.current["model_version"] == "a2" and a.latest["model_version"] == "a3"
    # model_metrics first; the gate's own measurement for a version never evaluated downstream
    assert [a.value(v) for v in a.versions] == [0.71, 0.81, 0.50]
    assert reports["model_b"].value(reports["model_b"].current) == 0.91


def test_pages_list_every_model_and_compare_peers_on_one_metric(history, tmp_path):
    index = write_report(history, tmp_path)
    html = index.read_text(encoding="utf-8")
    assert html.count('<tr class="model">') == 2
    assert "newest version a3 not promoted" in html
    page = (tmp_path / "models" / "model_a.html").read_text(encoding="utf-8")
    assert page.count('<tr class="version">') == 3
    assert "EXECUTE on the model: analysts" in page
    assert '<a href="model_b.html">model_b</a>' in page and "0.910" in page
    assert 'fill="#fff"' in page  # the rejected version is drawn hollow


def test_missing_registry_is_a_clear_error(duck, tmp_path):
    with pytest.raises(LookupError, match="run dbt build first"):
        write_report(duck, tmp_path)


def test_charts_handle_no_values_and_escape_labels():
    assert "No test metric" in history_chart([{"label": "v1", "value": None, "promoted": True}], "f1")
    table = confusion_table([("<b>", "<b>", 3), ("<b>", "x", 1)])
    assert "&lt;b&gt;" in table and "<b>" not in table


def test_sample_sql_names_the_feature_table_a_session_sees():
    row = {"model_name": "m", "model_type": "sparse_linear", "function_name": "fn_m", "features": "[]",
           "problem_type": "binary_classification", "feature_relation": '"dwhml"."main"."text_features"'}
    duckdb_sql = sample_sql(row)[0][2]
    assert "from fn_m('main.text_features')" in duckdb_sql


def test_sample_sql_of_a_blend_names_its_components():
    row = {"model_name": "b", "model_type": "blend", "function_name": None, "features": "[]",
           "problem_type": "binary_classification",
           "hyperparameters": json.dumps({"weight": 0.5, "components": [{"name": "dense", "version": "1"},
                                                                        {"name": "sparse", "version": "2"}]})}
    (warehouse, note, sql), = sample_sql(row)
    assert "dense and sparse" in note and "dwhml.predict(ref('b')" in sql


def test_sample_sql_of_a_linear_model_on_the_warehouses():
    row = {"model_name": "m", "model_type": "bow_linear_svc", "function_name": "fn_m", "features": "[]",
           "problem_type": "binary_classification", "feature_relation": "`p`.`raw`.`text_features`",
           "artifact_location": "bigquery://analytics.m__v1", "target_warehouse": "bigquery"}
    (warehouse, _, sql), = sample_sql(row)
    assert warehouse == "BigQuery" and "from `analytics.fn_m`(table `raw.text_features`)" in sql
    (warehouse, note, sql), = sample_sql(dict(row, target_warehouse="redshift", schema="dwhml"))
    assert warehouse == "Redshift" and "dwhml.m_scores" in sql and "No table functions" in note


def test_saved_leaderboard_runs_get_a_page_linked_from_the_index(history, tmp_path):
    from dwhml import leaderboard

    def row(candidate, mean, chosen=None):
        return {"candidate": candidate, "metric": "f1", "mean": mean, "std": 0.01, "roc_auc": 0.9,
                "fit_seconds": 1.5, "predict_seconds": 0.1, "chosen": chosen}

    leaderboard.save(history, [row("sparse_linear_c0.5", 0.86), row("word_tfidf_svc", 0.84),
                               row("selected", 0.85, [("sparse_linear_c0.5", 5)])],
                     task="雇用 vs rest", source="<my texts>.csv", texts=42730)
    history.execute("update main.leaderboard set run_at = timestamp '2026-01-01 00:00:00'")
    leaderboard.save(history, [row("sparse_linear_c0.5", 0.70)], task="18 classes", source="months.csv", texts=2520)
    index = write_report(history, tmp_path)
    assert 'href="leaderboard.html">Leaderboard runs</a> (2 saved)' in index.read_text()
    page = (tmp_path / "leaderboard.html").read_text()
    assert page.index("18 classes") < page.index("雇用 vs rest")  # newest first
    assert "&lt;my texts&gt;.csv" in page and "<my texts>" not in page
    first = page[page.index("雇用 vs rest"):]
    assert first.index("sparse_linear_c0.5") < first.index("selected") < first.index("word_tfidf_svc (baseline)")
    assert "42,730 texts" in page and "[(&#x27;sparse_linear_c0.5&#x27;, 5)]" in page


def test_no_saved_run_no_leaderboard_page(history, tmp_path):
    index = write_report(history, tmp_path)
    assert "leaderboard.html" not in index.read_text() and not (tmp_path / "leaderboard.html").exists()


def test_a_tuned_versions_trials_are_on_its_page_and_the_index_says_it_was_tuned(history, tmp_path):
    history.execute("create table dwhml_trials (model_name varchar, model_version varchar, trial_number bigint, "
                    "parameters varchar, objective_metric varchar, objective_value double, metrics varchar, "
                    "duration_seconds double, status varchar, chosen boolean, learning_curve varchar, fit_rows bigint, "
                    "validation_rows bigint, recorded_at timestamp)")
    curve = json.dumps({"metric": "logloss", "train": [0.6, 0.5, 0.4], "validation": [0.65, 0.6, 0.62]})
    for number, value, status, chosen in [(1, 0.70, "completed", False), (2, None, "failed", False),
                                          (3, 0.80, "completed", True), (4, 0.75, "pruned", False)]:
        history.execute("insert into dwhml_trials values ('model_a', 'a2', ?, ?, 'f1', ?, '{}', 1.5, ?, ?, ?, 80, 20, "
                        "now())", [number, json.dumps({"eta": 0.1 * number, "kind": "<b>"}), value, status, chosen,
                                   curve if chosen else None])
    write_report(history, tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<td class="tuned">4 trials</td>' in index and '<td class="tuned">–</td>' in index  # model_b untuned
    page = (tmp_path / "models" / "model_a.html").read_text(encoding="utf-8")
    rows = page.split('<table class="trials">')[1].split("</table>")[0].split("<tr class=")[1:]
    # best first, the ones without an objective last; the chosen one marked; parameter text escaped
    assert [r.split('<td class="num">')[1].split("<")[0] for r in rows] == ["3", "4", "1", "2"]
    assert rows[0].startswith('"trial chosen"') and "&lt;b&gt;" in page and "<b>" not in page
    assert 'data-series="best so far"' in page and 'data-series="validation logloss"' in page
    assert "fitted on 80 and scored on 20 of the training rows" in page
    # an untuned model's page has no trials section
    assert "Tuning trials" not in (tmp_path / "models" / "model_b.html").read_text(encoding="utf-8")
