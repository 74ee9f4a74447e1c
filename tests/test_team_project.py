"""dwhml in a team's own dbt project: a new project (its own profile, source, table, column and label names)
installs the package from this checkout with packages.yml, as the README's "Use dwhml in your dbt project"
says, trains one ml_model of each family with a predictions model each, and gets analyst functions,
evaluation rows and report pages without naming its models anywhere in dwhml."""
import csv
import json

import duckdb
import pytest

from dbt_runner import ROOT, DbtProject
from dwhml.settings import SAMPLE_CSV

pytestmark = pytest.mark.slow
DIMS = ", ".join(f"dim_{i}" for i in range(100))

PROFILE = """acme:
  target: dev
  outputs:
    dev:
      type: duckdb
      path: "{{ env_var('DWHML_DUCKDB_PATH') }}"
      schema: analytics
      threads: 2
      plugins:
        - module: python_udfs.plugin
          alias: dwhml
"""

PROJECT = {
    "dbt_project.yml": "name: acme_reviews\nversion: '1.0.0'\nconfig-version: 2\nprofile: acme\n",
    "packages.yml": f"packages:\n  - local: {ROOT}\n",
    "models/sources.yml": """version: 2
sources:
  - name: app
    tables:
      - name: reviews
      - name: review_vectors
      - name: review_tokens
""",
    "models/staging/labelled_reviews.sql": """
select
    r.review_id as id,
    r.body as text,
    r.about_business,
    {{ dwhml.is_test_row('r.review_id') }} as held_out
from {{ source('app', 'reviews') }} as r
""",
    "models/staging/review_features.sql": """{{ config(materialized='table') }}
{{ dwhml.text_features_sql(source('app', 'review_tokens')) }}
""",
    "models/ml/business_xgb.sql": """{{ config(materialized='ml_model', meta={'dwhml': {
    'target': 'about_business', 'problem_type': 'binary_classification', 'model_type': 'xgboost',
    'function': 'fn_business', 'hyperparameters': {'num_round': 30, 'max_depth': 4, 'eta': 0.3},
    'data_split_column': 'held_out'}}) }}
select l.about_business, """ + ", ".join(f"v.dim_{i}" for i in range(100)) + """, l.held_out
from {{ ref('labelled_reviews') }} as l
inner join {{ source('app', 'review_vectors') }} as v on l.id = v.id
""",
    "models/ml/business_sparse.sql": """{{ config(materialized='ml_model', meta={'dwhml': {
    'target': 'about_business', 'problem_type': 'binary_classification', 'model_type': 'sparse_linear',
    'function': 'fn_business_sparse', 'feature_relation': 'review_features', 'data_split_column': 'held_out'}}) }}
select l.about_business, f.id, f.feature, f.weight, l.held_out
from {{ ref('review_features') }} as f
inner join {{ ref('labelled_reviews') }} as l on f.id = l.id
""",
    "models/ml/business_bow.sql": """{{ config(materialized='ml_model', meta={'dwhml': {
    'target': 'about_business', 'problem_type': 'binary_classification', 'model_type': 'bow_linear_svc',
    'feature_relation': 'review_features', 'data_split_column': 'held_out'}}) }}
select l.about_business, f.id, f.feature, f.weight, l.held_out
from {{ ref('review_features') }} as f
inner join {{ ref('labelled_reviews') }} as l on f.id = l.id
where f.feature like 'w:%'
""",
    "models/scores/business_xgb_scores.sql": """{{ config(materialized='incremental', unique_key='id') }}
{{ dwhml.incremental_predictions(ref('business_xgb'), source('app', 'review_vectors'), ['id']) }}
""",
    "models/scores/business_sparse_scores.sql": """{{ config(materialized='incremental', unique_key='id') }}
{{ dwhml.incremental_predictions(ref('business_sparse'), ref('labelled_reviews'), ['id', 'about_business']) }}
""",
    "models/scores/business_bow_scores.sql": """{{ config(materialized='incremental', unique_key='id') }}
{{ dwhml.incremental_predictions(ref('business_bow'), ref('labelled_reviews'), ['id', 'about_business']) }}
""",
}
MODELS = ["business_bow", "business_sparse", "business_xgb"]


def _ok(step):
    assert step.returncode == 0, step.stdout[-4000:] + step.stderr[-4000:]
    return step.stdout


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    work = tmp_path_factory.mktemp("team")
    root = work / "acme_reviews"
    for path, text in PROJECT.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    project = DbtProject(work, project_dir=root)
    (work / "profiles.yml").write_text(PROFILE, encoding="utf-8")
    conn = project.connect(read_only=False)
    conn.execute("create schema app")
    conn.execute("create table app.reviews (review_id varchar, body varchar, about_business integer)")
    with open(SAMPLE_CSV, encoding="utf-8") as f:
        rows = [(f"rv-{i:05d}", r["text"], int(r["label"] == "企業動向"))
                for i, r in enumerate(csv.DictReader(f)) if i % 12 == 0]
    conn.executemany("insert into app.reviews values (?, ?, ?)", rows)
    conn.close()
    _ok(project.dwhml("embed", "--source", "select review_id as id, body as text from app.reviews",
                      "--output", "app.review_vectors", "--rejects", "app.review_vector_rejects",
                      "--tokens", "app.review_tokens", "--epoch", "3", "--store", str(project.store / "fasttext")))
    project.deps()
    project.build = _ok(project.dbt("build"))
    return project


def test_the_team_project_builds_every_family(team):
    assert "Completed successfully" in team.build
    registry = team.query("select model_name, status from analytics.dwhml_model_registry order by 1")
    assert registry == [(m, "promoted") for m in MODELS]


def test_model_metrics_evaluates_the_teams_models(team):
    rows = team.query("select model_name, metric, value from analytics.model_metrics where metric in ('f1', 'roc_auc', 'n')")
    metrics = {(m, k): v for m, k, v in rows}
    held_out = team.query("select count(*) from analytics.labelled_reviews where held_out")[0][0]
    for model in MODELS:
        # Learned something: ranks better than chance (AUC; F1 at the 0.5 threshold swings with the fastText
        # vectors, which are not bit-reproducible: the XGBoost model's was 0.29 in one run, above 0.3 in others).
        assert 0 < metrics[(model, "f1")] <= 1 and 0.6 < metrics[(model, "roc_auc")] <= 1, model
        assert 0.9 * held_out <= metrics[(model, "n")] <= held_out, model
    curves = team.query("select distinct model_name from analytics.binary_curves order by 1")
    assert curves == [(m,) for m in MODELS]


def test_analyst_functions_answer_from_a_plain_client(team):
    conn = duckdb.connect(str(team.database), read_only=True)  # no plugin: the functions live in the file
    try:
        dense = conn.execute(f"select count(*), min(analytics.fn_business({DIMS})), max(analytics.fn_business({DIMS})) "
                             "from app.review_vectors").fetchall()[0]
        sparse = conn.execute("select count(*), count(distinct predicted_label) "
                              "from analytics.fn_business_sparse('analytics.review_features')").fetchall()[0]
        scored = conn.execute("select count(*) from analytics.business_sparse_scores").fetchall()[0][0]
    finally:
        conn.close()
    assert dense[0] > 3000 and (dense[1], dense[2]) == (0, 1)
    assert sparse == (scored, 2)


def test_the_report_lists_the_teams_models(team, tmp_path):
    out = tmp_path / "report"
    _ok(team.dwhml("report", "--schema", "analytics", "--out", str(out)))
    index = (out / "index.html").read_text(encoding="utf-8")
    for model in MODELS:
        assert model in index
        assert (out / "models" / f"{model}.html").is_file()
    page = (out / "models" / "business_xgb.html").read_text(encoding="utf-8")
    assert "fn_business" in page and json.dumps("dim_0")[1:-1] in page
