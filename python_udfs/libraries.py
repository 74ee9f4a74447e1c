"""The libraries the UDFs import inside their functions, imported once per process, by one thread, before any
UDF's work. dbt builds models on several threads of one process, and two threads importing scikit-learn's
submodules at once can be handed a half-imported module: a `dbt build` of the example failed so in CI
("cannot import name 'clone' from partially initialized module 'sklearn.base'", in comment_clusters' k-means
while another model trained). Importing them at plugin start would cost every dbt command (a compile, a test
run) seconds it does not need; the first UDF call pays it instead, under a lock."""
from __future__ import annotations

import functools
import importlib
import threading

# Every module python_udfs imports inside a function (tests/test_libraries.py reads the sources to keep this
# list whole), but for gensim: one of the LDA implementations benchmarks/topic_models.py measures, never served.
LAZY = ("embeddings.split", "optuna", "scipy.sparse", "sklearn.calibration", "sklearn.cluster",
        "sklearn.decomposition", "sklearn.metrics", "sklearn.svm", "threadpoolctl", "tomotopy", "xgboost")
MEASURED_ONLY = ("gensim",)

_lock = threading.Lock()
_loaded = False


def load() -> None:
    """Import every module of LAZY, once per process (later calls return at once)."""
    global _loaded
    if _loaded:
        return
    with _lock:
        if not _loaded:
            for name in LAZY:
                importlib.import_module(name)
            _loaded = True


def loaded_first(udf):
    """`udf`, with the libraries loaded before its first call does any work."""
    @functools.wraps(udf)
    def call(*args):
        load()
        return udf(*args)

    return call
