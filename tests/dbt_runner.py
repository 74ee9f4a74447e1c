"""Run the project's dbt commands against a throwaway DuckDB file and model store."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "economy_watchers"
BIN = Path(sys.executable).parent


class DbtProject:
    def __init__(self, work: Path, project_dir: Path = ROOT):
        self.work = work
        self.project_dir = project_dir
        self.database = work / "dwhml.duckdb"
        self.store = work / "model_store"
        work.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "profiles.example.yml", work / "profiles.yml")
        self.env = {**os.environ, "DWHML_DUCKDB_PATH": str(self.database), "DWHML_MODEL_STORE": str(self.store),
                    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        self.env.pop("DWHML_TARGET", None)

    def deps(self) -> None:
        """Install the project's packages (dwhml from this checkout) as `dbt deps` does for a team."""
        command = [str(BIN / "dbt"), "deps", "--profiles-dir", str(self.work), "--project-dir", str(self.project_dir)]
        result = subprocess.run(command, env=self.env, capture_output=True, text=True, cwd=self.project_dir)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]

    def dwhml(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(BIN / "dwhml"), *args], env=self.env, capture_output=True, text=True,
                              cwd=self.work)

    def embed(self, *args: str) -> list[subprocess.CompletedProcess]:
        """Both vector tables of the project (as `make demo`), with the same extra options."""
        store = ("--store", str(self.store / "fasttext"))
        return [self.dwhml("embed", *args, *store),
                self.dwhml("embed", "--supervised-labels", "raw.labels", "--output", "raw.text_vectors_supervised",
                           "--rejects", "raw.text_vector_supervised_rejects", *args, *store)]

    def dbt(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(BIN / "dbt"), *args, "--profiles-dir", str(self.work), "--project-dir", str(self.project_dir),
                   "--target-path", str(self.work / "target"), "--log-path", str(self.work / "logs")]
        return subprocess.run(command, env=self.env, capture_output=True, text=True, cwd=self.project_dir)

    def connect(self, read_only: bool = True):
        import duckdb

        return duckdb.connect(str(self.database), read_only=read_only)

    def query(self, sql: str):
        conn = self.connect()
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()


def example_project(work: Path) -> DbtProject:
    """The example project (examples/economy_watchers) with dwhml installed from this checkout."""
    project = DbtProject(work, project_dir=EXAMPLE)
    project.deps()
    return project


def copy_dbt_project(destination: Path) -> Path:
    """A copy of the example project that a test can add models to, installing dwhml from this checkout."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in ("dbt_project.yml", "macros", "models", "data-tests", "seeds"):
        source = EXAMPLE / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        else:
            shutil.copy(source, destination / name)
    (destination / "packages.yml").write_text(f"packages:\n  - local: {ROOT}\n")
    return destination


def shim_project(work: Path, shim: Path | None, models: dict[str, str]) -> DbtProject:
    """A project of only `models` ({'ml/name': sql}) installing dwhml and the test-only dbt package `shim`, put
    first in the dwhml dispatch search order so its duckdb__ macros stand in for dwhml's (tests/*_shim); with
    no shim, the same project on DuckDB itself."""
    root = work / "project"
    (root / "models").mkdir(parents=True)
    dispatch = f"dispatch:\n  - macro_namespace: dwhml\n    search_order: ['{shim.name}', 'dwhml']\n" if shim else ""
    (root / "dbt_project.yml").write_text(
        "name: shim_test\nversion: '0.1.0'\nconfig-version: 2\nprofile: dwhml\n" + dispatch)
    (root / "packages.yml").write_text(f"packages:\n  - local: {ROOT}\n" + (f"  - local: {shim}\n" if shim else ""))
    for name, sql in models.items():
        (root / "models" / f"{name}.sql").parent.mkdir(parents=True, exist_ok=True)
        (root / "models" / f"{name}.sql").write_text(sql)
    project = DbtProject(work, project_dir=root)
    project.deps()
    return project


GOLDEN_SEPARATOR = "-- @@dwhml-golden@@"


def compile_cases(project: DbtProject, cases: dict[str, str], *flags: str) -> dict[str, str]:
    """Compile every case's Jinja in one `dbt compile --inline` and return {case: SQL}."""
    inline = f"\n{GOLDEN_SEPARATOR}\n".join(cases.values())
    result = project.dbt("compile", "--quiet", *flags, "--inline", inline)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    pieces = [p.strip() + "\n" for p in result.stdout.split(GOLDEN_SEPARATOR)]
    assert len(pieces) == len(cases), result.stdout[-2000:]
    return dict(zip(cases, pieces))


def assert_golden(path: Path, text: str) -> None:
    """`text` equals the golden file (rewritten instead with DWHML_UPDATE_GOLDEN=1, for review)."""
    if os.environ.get("DWHML_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no golden file {path}; run with DWHML_UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8")


def registry_insert(registry: str, cfg: str, artifact: str) -> str:
    """Jinja compiling the registry insert of one promoted version (dwhml.model_registry_row + registry_insert_sql)."""
    trained = ("{'model_name': 'model', 'model_version': 'v0123456789abcdef', 'trained_at': '2026-12-01T00:00:00', "
               "'target': 'label', 'problem_type': 'binary_classification', 'model_type': 'xgboost', "
               "'hyperparameters': {'num_round': 200}, 'training_rows': 800, 'features': ['dim_0', 'dim_1'], "
               "'classes': [0, 1], 'function_name': 'fn_model__v0123456789abcdef', 'artifact_location': '"
               + artifact + "', 'forced': false}")
    gate = ("{'promote': true, 'metric': 'f1', 'value': 0.85, 'compared_version': 'v00000000000000ff', "
            "'compared_value': 0.84, 'reason': \"it's within max_drop 0.02 of v00000000000000ff\"}")
    return ("{{ dwhml.registry_insert_sql('" + registry + "', dwhml.model_registry_row(" + cfg + ", " + trained + ", "
            + gate + ", {'select': ['analyst']})) }}")


def evaluation_insert(kind: str, info: str, test_sql: str) -> str:
    """Jinja compiling the evaluation-history insert of one kind for a version scored on `test_sql`'s rows."""
    return ("{{ dwhml.evaluation_insert_sql('" + kind + "', " + info + ", dwhml.evaluation_rows_sql('" + kind + "', "
            + info + ", dwhml.scored_test_rows_sql(" + info + ", '" + test_sql + "'))) }}")


SPARSE_SCORING_CLASSES = {"binary_classification": "[0, 1]",
                          "multiclass_classification": "['企業動向', '家計動向', '雇用']"}


# The linear models' SQL scoring cases: (problem type, weighting hyperparameter or None for sparse_linear's,
# whether it scores every id of the feature rows (the analysts' table functions) or those of input_rows).
SCORING_CASES = {"sparse_scoring_binary": ("binary_classification", None, False),
                 "sparse_scoring_multiclass": ("multiclass_classification", None, False),
                 "bow_count_scoring_binary": ("binary_classification", "count", False),
                 "bow_tfidf_scoring_multiclass": ("multiclass_classification", "tfidf", False),
                 "sparse_scoring_binary_every_id": ("binary_classification", None, True),
                 "bow_tfidf_scoring_multiclass_every_id": ("multiclass_classification", "tfidf", True)}


def scoring_cases() -> dict:
    """Jinja compiling the linear models' SQL scoring (SCORING_CASES) with their tables named outright
    (m__vocabulary, m__coefficients, m__calibration; input_rows; text_features), the same on every target's
    goldens so tests/test_sparse_scoring_sql.py can run them all on one set of tables."""
    cases = {}
    for name, (problem, weighting, every_id) in SCORING_CASES.items():
        hyperparameters = "{'weighting': '" + weighting + "'}" if weighting else "{}"
        info = ("{'model_name': 'm', 'problem_type': '" + problem + "', 'classes': " + SPARSE_SCORING_CLASSES[problem]
                + ", 'hyperparameters': " + hyperparameters + ", 'model_version': 'v0123456789abcdef', 'tables': "
                "{'vocabulary': 'm__vocabulary', 'coefficients': 'm__coefficients', 'calibration': 'm__calibration'}}")
        # the blocks of the model's vocabulary (dwhml.vocabulary_blocks, named here: no query): the baselines' are words
        info = info[:-1] + ", 'blocks': " + ("['w']" if weighting else "['c', 'w']") + "}"
        input_rows = "none" if every_id else "'input_rows'"
        cases[name] = "{{ dwhml.sparse_linear_sql(" + info + ", " + input_rows + ", 'text_features') }}"
    return cases


# The topic models' engine-neutral SQL (nearest centroid, dominant topic, per-user preferences, "more like this")
# with its relations named outright, compiled on every target's goldens so tests/test_topic_sql.py runs them all
# on one set of tables against the NumPy reference.
TOPIC_INFO = "{'model_version': 'v0123456789abcdef', 'features': ['dim_0', 'dim_1', 'dim_2']}"
# The relations they read, with BigQuery types (the analyzer's catalog and GoogleSQL's reference implementation).
TOPIC_SQL_TABLES = {
    "input_vectors": [("id", "STRING"), ("dim_0", "FLOAT64"), ("dim_1", "FLOAT64"), ("dim_2", "FLOAT64")],
    "m__centroids": [("cluster", "INT64"), ("dim_0", "FLOAT64"), ("dim_1", "FLOAT64"), ("dim_2", "FLOAT64")],
    "m__text_topics": [("id", "STRING"), ("topic", "INT64"), ("probability", "FLOAT64")],
    "m__dominant_topics": [("id", "STRING"), ("topic", "INT64"), ("probability", "FLOAT64")],
    "events": [("user_id", "STRING"), ("text_id", "STRING"), ("event_at", "TIMESTAMP"), ("weight", "FLOAT64")],
    "preferences": [("user_id", "STRING"), ("topic", "INT64"), ("preference", "FLOAT64"), ("topic_rank", "INT64")],
    # a warehouse k-means version: the service's centroids and assignment, and the centroid table dwhml makes
    "m__service_centroids": [("cluster", "INT64"), ("dim_0", "FLOAT64"), ("dim_1", "FLOAT64"), ("dim_2", "FLOAT64")],
    "m__service_clusters": [("id", "STRING"), ("cluster", "INT64")],
    "m__sized_centroids": [("cluster", "INT64"), ("texts", "INT64"), ("dim_0", "FLOAT64"), ("dim_1", "FLOAT64"),
                           ("dim_2", "FLOAT64"), ("service_cluster", "INT64")],
}


def topic_sql_cases() -> dict:
    return {
        "topic_nearest_centroid": "{{ dwhml.nearest_centroid_sql(" + TOPIC_INFO + ", 'input_vectors', 'm__centroids') }}",
        "topic_dominant": "{{ dwhml.dominant_topic_sql('m__text_topics') }}",
        "topic_preferences": "{{ dwhml.topic_preferences_sql('events', 'm__text_topics', half_life_days=30, "
                             "weight_column='weight') }}",
        "topic_preferences_as_of": "{{ dwhml.topic_preferences_sql('events', 'm__text_topics', half_life_days=7.5, "
                                   "as_of='2025-12-20 00:00:00') }}",
        "topic_more_like_this": "{{ dwhml.more_like_this_sql('preferences', 'm__dominant_topics', 'events', "
                                "top_topics=2, per_user=3) }}",
        "similar_texts": "{{ dwhml.similar_sql('input_vectors', 2, ['dim_0', 'dim_1', 'dim_2']) }}",
        "topic_sized_centroids": "{{ dwhml.sized_centroids_sql(" + TOPIC_INFO + ", 'input_vectors', "
                                 "'select c.cluster, c.dim_0, c.dim_1, c.dim_2 from m__service_centroids as c') }}",
        "topic_kmeans_measures": "{{ dwhml.kmeans_measures_sql(" + TOPIC_INFO + ", 'input_vectors', 'm__sized_centroids', 2, "
                                 "'select s.id, s.cluster from m__service_clusters as s') }}",
        "topic_measures_insert": "{% set i = {'model_name': 'comment_topics', 'model_version': 'v0123456789abcdef'} %}"
                                 "{{ dwhml.evaluation_insert_sql('metrics', i, dwhml.topic_measures_sql(i, "
                                 "{'coherence_npmi': 0.125, 'perplexity_held_out': 1234.5, 'topics': 10, "
                                 "'cluster_sizes': [3, 2], 'silhouette': none})) }}",
    }


# A tuned version's trials appended to dwhml_trials (macros/record_trials.sql), compiled per warehouse: a
# completed chosen trial with its learning curve, a failed one without an objective.
TRIALS_INSERT = ("{{ dwhml.trials_insert_sql(dwhml.evaluation_history_relation('trials'), 'm', 'v0123456789abcdef', 'f1', "
                 "[{'trial': 1, 'parameters': {'c': 0.5, 'min_df': 2}, 'objective': 0.81, 'metrics': {'f1': 0.81, "
                 "'roc_auc': 0.9}, 'seconds': 1.25, 'status': 'completed', 'chosen': true, 'fit_rows': 800, "
                 "'validation_rows': 200}, {'trial': 2, 'parameters': "
                 "{'c': 4.0, 'min_df': 1}, 'objective': none, 'metrics': {}, 'seconds': 0.5, 'status': 'failed', "
                 "'chosen': false}], {'metric': 'logloss', 'train': [0.6, 0.5], 'validation': [0.65, 0.6]}) }}")
