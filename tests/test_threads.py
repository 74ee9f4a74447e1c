"""Each model's share of the cores when dbt builds models side by side (python_udfs/threads.py)."""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from threadpoolctl import threadpool_info

from python_udfs import threads, training


@pytest.mark.parametrize("cores, parallel, expected", [(8, None, 8), (8, 1, 8), (8, 2, 4), (8, 3, 2), (2, 2, 1),
                                                       (2, 4, 1), (None, 2, 1)])
def test_a_model_gets_its_share_of_the_cores_and_at_least_one(monkeypatch, cores, parallel, expected):
    monkeypatch.setattr(threads.os, "cpu_count", lambda: cores)
    assert threads.per_model(parallel) == expected


def test_inside_the_limit_the_blas_pools_hold_that_many_threads():
    np.ones((64, 64)) @ np.ones((64, 64))  # loads the BLAS library
    pools = [p for p in threadpool_info() if p["user_api"] == "blas"]
    assert pools, "NumPy's BLAS is not visible to threadpoolctl"
    before = [p["num_threads"] for p in pools]
    with threads.limited(1):
        assert all(p["num_threads"] == 1 for p in threadpool_info() if p["user_api"] == "blas")
    assert [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"] == before


def test_training_gives_xgboost_the_share_of_dbts_threads(monkeypatch, tmp_path):
    monkeypatch.setattr(threads.os, "cpu_count", lambda: 4)
    seen = []
    real_fit = training.fit_xgboost

    def recording_fit(*args, **kwargs):
        seen.append(kwargs.get("threads"))
        return real_fit(*args, **kwargs)

    monkeypatch.setattr(training, "fit_xgboost", recording_fit)
    rng = np.random.default_rng(0)
    for parallel in (2, None):
        export = tmp_path / f"export-{parallel}.parquet"
        pq.write_table(pa.table({"x": rng.standard_normal(40), "y": rng.integers(0, 2, 40)}), export)
        training.train("m", {"problem_type": "binary_classification", "model_type": "xgboost", "target": "y",
                             "hyperparameters": {"num_round": 2}, "version": f"v{parallel}",
                             "parallel_models": parallel}, str(export), str(tmp_path / "store"))
    assert seen == [2, 4]
