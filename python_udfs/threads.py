"""How many threads one model's work may use on this machine.

dbt builds `threads` models side by side (profiles.yml); each model's training or scoring gets an equal share of
the machine's cores, at least one. More would oversubscribe the cores: OpenBLAS and OpenMP threads busy-wait for
each other, and the count baseline's fit that took 11.7 s alone took 74.2 s beside a tuning study on every core
(docs/decisions/0021).
"""
from __future__ import annotations

import os
from contextlib import contextmanager


def per_model(parallel_models: int | None = None) -> int:
    """The threads of one of `parallel_models` models running side by side (none: one model, every core)."""
    cores = os.cpu_count() or 1
    return max(1, cores // max(1, int(parallel_models or 1)))


@contextmanager
def limited(threads: int):
    """BLAS and OpenMP pools (NumPy, SciPy, scikit-learn) hold at most `threads` threads inside the block."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=threads):
        yield threads
