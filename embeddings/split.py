"""The train/test split of the loader (`dwhml embed --supervised-labels`): the dbt package's split
(`dwhml.hash_bucket` / `dwhml.is_test_row`: the first 32 bits of md5 of the id as text, mod 100) computed
in Python, so it needs no SQL of its own on any target. tests/test_golden_sql.py checks it against the SQL."""
from __future__ import annotations

import hashlib


def hash_bucket(value, buckets: int = 100) -> int:
    """0..buckets-1 from the first 32 bits of md5 of the value as text (as SQL's cast(id as varchar))."""
    return int(hashlib.md5(str(value).encode("utf-8")).hexdigest()[:8], 16) % buckets


def in_train_split(value, train_percent: int = 80) -> bool:
    return hash_bucket(value) < train_percent
