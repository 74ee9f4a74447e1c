"""A SYNTHETIC browsing log over the sample's texts, for the per-user topic preferences (the sample has no users).

Nothing here is observed behaviour: users, events and times are drawn from a seeded generator. Each user
leans towards one of the sample's labels (most events on texts of that label, the rest on any text), events
fall in the `days` before `end`, and one in ten is a stronger signal (weight 3, e.g. a favourite) than a view
(weight 1). The example project ships the output as a dbt seed (seeds/synthetic_events.csv), so every target
loads the same rows; `dwhml synthetic-events` writes it again, and a test checks the seed is its output.
"""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np

COLUMNS = ("user_id", "text_id", "event_at", "weight")


def synthetic_events(ids: list[str], labels: list[str], users: int = 300, min_events: int = 5, max_events: int = 40,
                     days: int = 90, end: dt.datetime = dt.datetime(2026, 1, 1), lean: float = 0.8,
                     seed: int = 0) -> list[tuple]:
    """Rows (user_id, text_id, event_at, weight), sorted by user and time."""
    if not ids or len(ids) != len(labels):
        raise ValueError("synthetic_events needs one label per text id, and at least one text")
    rng = np.random.default_rng(seed)
    order = np.argsort(np.array(ids, dtype=object), kind="stable")  # the same rows whatever order they came in
    ids = [ids[i] for i in order]
    labels = [labels[i] for i in order]
    by_label: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        by_label.setdefault(label, []).append(i)
    names = sorted(by_label)
    rows = []
    for u in range(users):
        favourite = names[rng.integers(len(names))]
        for _ in range(int(rng.integers(min_events, max_events + 1))):
            pool = by_label[favourite] if rng.random() < lean else range(len(ids))
            text = ids[pool[int(rng.integers(len(pool)))]]
            seconds = int(rng.integers(days * 86400))
            weight = 3.0 if rng.random() < 0.1 else 1.0
            rows.append((f"synthetic-user-{u:04d}", text, end - dt.timedelta(seconds=seconds), weight))
    rows.sort(key=lambda r: (r[0], r[2], r[1]))
    return rows


def write_csv(rows: list[tuple], path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        for user, text, at, weight in rows:
            writer.writerow([user, text, at.strftime("%Y-%m-%d %H:%M:%S"), f"{weight:.1f}"])


def sample_events(**options) -> list[tuple]:
    """The synthetic log over the bundled sample's texts and labels."""
    from .settings import SAMPLE_CSV

    with open(SAMPLE_CSV, encoding="utf-8", newline="") as f:
        sample = list(csv.DictReader(f))
    return synthetic_events([r["id"] for r in sample], [r["label"] for r in sample], **options)
