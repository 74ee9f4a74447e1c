"""Model history on DuckDB: the quality gate, forced retrains, and the report checked in Chromium."""
import shutil

import pytest

from dbt_runner import ROOT, DbtProject, copy_dbt_project

pytestmark = pytest.mark.slow
FLOORS = {"dwhml_f1_floor": 0.1, "dwhml_macro_f1_floor": 0.2}
SAMPLE_MODELS = sorted([f"{task}_{kind}" for task in ("employment", "sector")
                 for kind in ("baseline", "classifier", "sparse", "supervised", "tfidf_baseline")]
                + ["employment_blend", "employment_classifier_tuned", "employment_sparse_tuned"])
TOPIC_MODELS = ["comment_clusters", "comment_topics"]
TUNED = {"employment_classifier_tuned": 10, "employment_sparse_tuned": 8}  # the example's tuned models' trials
# A model whose strength the test sets through vars, to make the gate's decision certain.
GATED_MODEL = """{{ config(materialized='ml_model', meta={'dwhml': {
    'target': 'is_employment',
    'problem_type': 'binary_classification',
    'function': 'fn_gated',
    'hyperparameters': {'num_round': var('gated_rounds', 60), 'max_depth': var('gated_depth', 6)},
    'data_split_column': 'is_test',
    'quality_gate': {'metric': 'roc_auc', 'max_drop': 0.01, 'on_failure': var('gated_on_failure', 'warn')},
}}) }}
select is_employment, {{ dwhml.vector_columns() }}, split = 'test' as is_test
from {{ ref('example_vectors') }}
"""
CALL_GATED = ("select list(fn_gated_probability(" + ", ".join(f"dim_{i}" for i in range(100)) + ") order by id) "
              "from example_vectors")


def _ok(result):
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return result.stdout


def _vars(**extra) -> str:
    return str({**FLOORS, **extra})


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    work = tmp_path_factory.mktemp("history")
    copy = copy_dbt_project(work / "project")
    (copy / "models" / "ml" / "gated_model.sql").write_text(GATED_MODEL, encoding="utf-8")
    p = DbtProject(work / "run", project_dir=copy)
    p.deps()
    _ok(p.dwhml("load-sample", "--limit", "3000"))
    for step in p.embed("--epoch", "3"):
        _ok(step)
    _ok(p.dbt("build", "--vars", _vars()))
    return p


def _registry(p, model):
    return p.query(f"select model_version, status, gate_value, compared_version, compared_value, forced "
                   f"from dwhml_model_registry where model_name = '{model}' order by recorded_at")


def test_worse_version_is_recorded_but_not_promoted(history):
    current = history.query("select model_version from gated_model")[0][0]
    scores_before = history.query(CALL_GATED)[0][0]
    out = _ok(history.dbt("run", "-s", "gated_model", "--vars", _vars(gated_rounds=1, gated_depth=1)))
    assert "not promoted: roc_auc" in out
    rows = _registry(history, "gated_model")
    assert [r[1] for r in rows] == ["promoted", "not_promoted"]
    rejected = rows[-1]
    assert rejected[0] != current and rejected[3] == current and rejected[2] < rejected[4] - 0.01
    # Analysts keep the current version: the info table, the function and its scores are unchanged.
    assert history.query("select model_version from gated_model")[0][0] == current
    assert history.query(CALL_GATED)[0][0] == scores_before


def test_gate_configured_to_fail_fails_the_build_and_keeps_the_current_version(history):
    current = history.query("select model_version from gated_model")[0][0]
    result = history.dbt("run", "-s", "gated_model",
                         "--vars", _vars(gated_rounds=1, gated_depth=2, gated_on_failure="error"))
    assert result.returncode == 1
    assert "quality gate failed (quality_gate.on_failure = error)" in result.stdout
    assert history.query("select model_version from gated_model")[0][0] == current
    assert _registry(history, "gated_model")[-1][1] == "not_promoted"


def test_forced_retrain_is_a_new_version_and_the_next_run_reuses_it(history):
    before = _registry(history, "gated_model")
    out = _ok(history.dbt("run", "-s", "gated_model", "--vars", _vars(dwhml_force_retrain=["gated_model"])))
    assert "gated_model trained version" in out
    after = _registry(history, "gated_model")
    assert len(after) == len(before) + 1
    forced_version, status, *_, forced = after[-1]
    assert status == "promoted" and forced is True  # same data and config: same quality
    assert history.query("select model_version from gated_model")[0][0] == forced_version
    out = _ok(history.dbt("run", "-s", "gated_model", "--vars", _vars()))
    assert f"gated_model unchanged (version {forced_version}): training skipped" in out
    assert _registry(history, "gated_model") == after


def test_a_new_positive_label_is_a_new_task_not_compared_with_the_old_one(history):
    # Issue 13: switching dwhml_positive_label used to compare the new task's F1 with the old task's.
    def switch(label):
        extra = {"dwhml_positive_label": label} if label else {}
        return _ok(history.dbt("run", "-s", "+employment_sparse", "--vars", _vars(**extra)))

    before = history.query("select model_version from employment_sparse")[0][0]
    conn = history.connect(read_only=False)  # a registry from before the task column (an upgrade)
    conn.execute("alter table dwhml_model_registry drop column task")
    conn.close()
    out = switch("家計動向")
    assert "new task (task" in out and "家計動向" in out, [l for l in out.splitlines() if "dwhml" in l]
    version, status, reason, compared = history.query(
        "select model_version, status, gate_reason, compared_version from dwhml_model_registry "
        "where model_name = 'employment_sparse' order by recorded_at desc limit 1")[0]
    assert version != before and status == "promoted" and compared is None
    assert reason.startswith("new task (task ") and reason.endswith(f"not compared with {before}")
    out = switch(None)  # back to the rarest label: a new task again, then unchanged
    assert "new task (task" in out
    out = switch(None)
    assert "employment_sparse unchanged" in out
    # the current version's predictions and evaluation, which the report below draws
    _ok(history.dbt("build", "-s", "employment_sparse+", "--vars", _vars()))


def test_report_in_chromium(history, tmp_path):
    """The static site: every model listed, charts drawn, links followed, no console errors."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    assert chromium, "Chromium is missing: `make test` installs Debian's chromium (scripts/ensure-chromium)"
    site = tmp_path / "report"
    out = _ok(history.dwhml("report", "--out", str(site)))
    assert str(site / "index.html") in out
    artifacts = ROOT / "target" / "test-artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync"]
    errors = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=flags)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("requestfailed", lambda r: errors.append(f"failed request {r.url}"))
        page.goto((site / "index.html").as_uri())
        listed = page.locator("tr.model td:first-child a").all_inner_texts()
        assert sorted(listed) == sorted(SAMPLE_MODELS + TOPIC_MODELS + ["gated_model"])
        tuned = {row.locator("td").first.inner_text(): row.locator("td.tuned").inner_text()
                 for row in page.locator("tr.model").all()}
        assert {n: t for n, t in tuned.items() if t != "–"} == {n: f"{k} trials" for n, k in TUNED.items()}
        for name in listed:
            page.click(f'a[href="models/{name}.html"]')
            assert page.url.endswith(f"/models/{name}.html")
            assert page.locator("h1").inner_text() == name
            versions = len({row[0] for row in _registry(history, name)})  # a version promoted again is one row
            assert page.locator("tr.version").count() == versions
            assert page.locator("svg.chart circle.point").count() >= 1, name
            if name.startswith("employment"):
                curves = page.locator("svg.chart polyline.series")
                assert curves.count() >= 2  # ROC and precision-recall besides the history line
                assert all(len(c.get_attribute("points").split()) > 10 for c in curves.all()[-2:])
            if name in TUNED:  # the trials leaderboard, objective by trial with the best-so-far line
                trials = page.locator("table.trials tr.trial")
                assert trials.count() == TUNED[name]
                assert page.locator("table.trials tr.trial.chosen").count() == 1
                objectives = [float(v) for v in page.locator("table.trials tr.trial td:nth-child(3)").all_inner_texts()
                              if v != "–"]  # a failed or pruned trial has none (listed last)
                assert objectives == sorted(objectives, reverse=True)  # best first (both objectives: higher is better)
                assert page.locator("table.trials tr.trial").first.get_attribute("class") == "trial chosen"
                best = page.locator('svg.chart polyline[data-series="best so far"]')
                assert best.count() == 1 and len(best.get_attribute("points").split()) == TUNED[name]
                learning = page.locator('svg.chart polyline[data-series^="validation"]')
                assert learning.count() == (1 if name == "employment_classifier_tuned" else 0)
                if name == "employment_classifier_tuned":
                    assert len(learning.get_attribute("points").split()) == 200  # one per boosting round
                    page.screenshot(path=str(artifacts / "trials_page.png"), full_page=True)
            if name in TOPIC_MODELS:  # topics with their sizes (LDA: words), measures across versions
                assert page.locator("tr.topic").count() == 10, name
                if name == "comment_topics":
                    assert len(page.locator("tr.topic").first.inner_text().split(",")) == 10
                    page.screenshot(path=str(artifacts / "topic_page.png"), full_page=True)
            if name == "gated_model":
                assert page.locator("svg.chart circle.point[fill='#fff']").count() >= 1  # the rejected version
                assert "not_promoted" in page.locator("table").nth(1).inner_text()
                page.screenshot(path=str(artifacts / "model_page.png"), full_page=True)
            page.click("text=All models")
            assert page.url.endswith("/index.html")
        browser.close()
    assert errors == []
    assert (artifacts / "model_page.png").stat().st_size > 10_000
    assert (artifacts / "topic_page.png").stat().st_size > 10_000
    assert (artifacts / "trials_page.png").stat().st_size > 10_000


def test_a_model_refuses_to_score_vectors_of_another_embedding_version(history):
    """Runs last: it re-embeds. The vector models record the embedding version they trained on; after `dwhml
    embed --retrain` their predictions stop with a message instead of scoring the new vectors with the old
    model (decision 0007's silent case)."""
    recorded = dict(history.query("select model_name, any_value(embedding_version) from dwhml_model_registry "
                                  "group by model_name"))
    pinned = history.query("select embedding_version from raw.dwhml_embedding_versions "
                           "where output = 'raw.text_vectors'")[0][0]
    assert recorded["employment_classifier"] == recorded["comment_clusters"] == pinned
    assert recorded["employment_sparse"] is None  # text features carry no embedding version
    # another epoch count: --retrain on the same corpus and parameters would reuse the cached model (the same version)
    _ok(history.dwhml("embed", "--retrain", "--epoch", "2", "--store", str(history.store / "fasttext")))
    new = history.query("select distinct embedding_version from raw.text_vectors")[0][0]
    assert new != pinned
    refused = history.dbt("run", "--select", "employment_predictions", "--vars", _vars())
    assert refused.returncode == 1
    assert (f"employment_classifier version {history.query('select model_version from employment_classifier')[0][0]} "
            f"was trained on embedding version {pinned};") in refused.stdout
    assert f"carry another ({new})" in refused.stdout
    # the old version's vectors are kept beside
    kept = "text_vectors__" + pinned.replace("-", "_")
    assert history.query(f"select count(distinct embedding_version) from raw.{kept}") == [(1,)]
