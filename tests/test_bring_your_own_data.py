"""A user's own (id, text, label) CSV runs the whole loop with the defaults and no edits."""
import csv

import pytest

from dbt_runner import example_project
from dwhml.settings import SAMPLE_CSV

pytestmark = pytest.mark.slow
RENAMED = {"家計動向": "household", "企業動向": "business", "雇用": "jobs"}


def test_own_csv_runs_load_embed_build_metrics_and_leaderboard(tmp_path):
    own = tmp_path / "my_texts.csv"
    with open(SAMPLE_CSV, encoding="utf-8") as src, open(own, "w", encoding="utf-8", newline="") as dst:
        writer = csv.writer(dst)
        writer.writerow(["id", "text", "label"])
        for i, row in enumerate(csv.DictReader(src)):
            if i % 20 == 0:  # 2,137 rows, other ids and label names than the sample
                writer.writerow([f"doc{i:06d}", row["text"], RENAMED[row["label"]]])
    project = example_project(tmp_path / "work")
    steps = [project.dwhml("load-sample", "--csv", str(own)),
             *project.embed("--epoch", "3"),
             project.dbt("build", "--vars", "{dwhml_own_data: true}"),  # as `make demo CSV=...` runs it
             project.dwhml("metrics")]
    for step in steps:
        assert step.returncode == 0, step.stdout[-3000:] + step.stderr[-3000:]
    assert "loaded my_texts.csv" in steps[0].stdout
    metrics = steps[-1].stdout
    # neutral names for data that is not the sample: nothing is called employment or sector
    for model in ("positive_sparse", "positive_tfidf_baseline", "label_sparse", "label_classifier"):
        assert model in metrics
    assert "employment" not in metrics and "sector" not in metrics
    positive = project.query("select distinct label from examples where is_positive = 1")
    assert positive == [("jobs",)]  # the rarest label is the binary task's positive class
    assert project.query("select count(*) from positive_predictions where predicted_label = 1")[0][0] > 0
    functions = {r[0] for r in project.query("select function_name from duckdb_functions() where function_name like 'fn_%'")}
    assert {"fn_positive", "fn_label", "fn_positive_sparse"} <= functions
    board = project.dwhml("leaderboard", "--csv", str(own), "--folds", "2", "--no-dense",
                          "--candidates", "word_tfidf_svc", "sparse_linear_c0.5")
    assert board.returncode == 0, board.stderr[-3000:]
    assert "sparse_linear_c0.5" in board.stdout and "selected" in board.stdout
    assert "best candidate" in board.stdout and "'model_type': '" in board.stdout  # the winner as a model config
