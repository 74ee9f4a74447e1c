"""The topic models' SQL gives the NumPy reference's rows on every target: the compiled goldens of DuckDB,
Redshift and BigQuery (tests/golden/sql/*/topic_*.sql, dbt_runner.topic_sql_cases, kept current by the golden
tests) run on one set of tables, each by the nearest executable stand-in there is here (BigQuery: GoogleSQL's
reference implementation; Redshift: DuckDB, whose dialect runs the Redshift text as written). Nothing here ran
on Redshift or BigQuery.
"""
import datetime as dt
import math
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from dbt_runner import TOPIC_SQL_TABLES
from python_udfs.similar import nearest_neighbours
from python_udfs.topics import nearest_centroid

GOLDEN = Path(__file__).parent / "golden" / "sql"
AS_OF = dt.datetime(2025, 12, 20)


def _tables():
    rng = np.random.default_rng(7)
    texts = [f"t{i:02d}" for i in range(14)]
    theta = rng.dirichlet(np.full(4, 0.5), size=len(texts))
    text_topics = pa.table({"id": np.repeat(texts, 4).tolist(), "topic": np.tile(np.arange(4), len(texts)).tolist(),
                            "probability": theta.ravel().tolist()})
    dominant = theta.argmax(axis=1)
    dominant_topics = pa.table({"id": texts, "topic": dominant.tolist(),
                                "probability": theta[np.arange(len(texts)), dominant].tolist()})
    events = {"user_id": [], "text_id": [], "event_at": [], "weight": []}
    for u in range(6):
        for _ in range(int(rng.integers(2, 7))):
            events["user_id"].append(f"u{u}")
            events["text_id"].append(texts[int(rng.integers(len(texts)))] if rng.random() < 0.9 else "rejected-text")
            events["event_at"].append(AS_OF - dt.timedelta(seconds=int(rng.integers(0, 40 * 86400))))
            events["weight"].append(float(rng.choice([1.0, 3.0])))
    events["user_id"].append("u0")  # after as_of: counts only where as_of is the log's newest event
    events["text_id"].append(texts[3])
    events["event_at"].append(AS_OF + dt.timedelta(days=2, seconds=7))
    events["weight"].append(1.0)
    events = pa.table({**events, "event_at": pa.array(events["event_at"], pa.timestamp("us"))})
    vectors = rng.normal(size=(25, 3))
    vectors[4] = 0.0  # no direction: no neighbours, never a neighbour
    vectors[9] = vectors[10]  # duplicates: exact ties, broken by the smaller id
    centroids = rng.normal(size=(4, 3))
    input_vectors = pa.table({"id": [f"v{i:02d}" for i in range(25)],
                              **{f"dim_{d}": vectors[:, d].tolist() for d in range(3)}})
    m_centroids = pa.table({"cluster": list(range(4)), **{f"dim_{d}": centroids[:, d].tolist() for d in range(3)}})
    preferences = _preferences_reference(events, text_topics, 30.0, None, True)
    return {"m__text_topics": text_topics, "m__dominant_topics": dominant_topics, "events": events,
            "input_vectors": input_vectors, "m__centroids": m_centroids,
            "preferences": pa.table({"user_id": [r[0] for r in preferences], "topic": [r[1] for r in preferences],
                                     "preference": [r[2] for r in preferences],
                                     "topic_rank": [r[3] for r in preferences]})}


def _preferences_reference(events, text_topics, half_life_days, as_of, weighted):
    e = events.to_pylist()
    as_of = as_of or max(r["event_at"] for r in e)
    topics = {}
    for r in text_topics.to_pylist():
        topics.setdefault(r["id"], {})[r["topic"]] = r["probability"]
    scores = {}
    for r in e:
        if r["event_at"] > as_of or r["text_id"] not in topics:
            continue
        w = (r["weight"] if weighted else 1.0) * 0.5 ** ((as_of - r["event_at"]).total_seconds() / (half_life_days * 86400))
        for t, p in topics[r["text_id"]].items():
            scores[(r["user_id"], t)] = scores.get((r["user_id"], t), 0.0) + w * p
    rows = []
    for user in sorted({u for u, _ in scores}):
        mine = sorted(((t, s) for (u, t), s in scores.items() if u == user), key=lambda x: (-x[1], x[0]))
        total = sum(s for _, s in mine)
        rows += [(user, t, s / total, rank) for rank, (t, s) in enumerate(mine, start=1)]
    return rows


def _more_like_this_reference(tables, top_topics, per_user):
    seen = {(r["user_id"], r["text_id"]) for r in tables["events"].to_pylist()}
    dominant = tables["m__dominant_topics"].to_pylist()
    rows = []
    by_user = {}
    for p in tables["preferences"].to_pylist():
        if p["topic_rank"] <= top_topics:
            for d in dominant:
                if d["topic"] == p["topic"] and (p["user_id"], d["id"]) not in seen:
                    by_user.setdefault(p["user_id"], []).append((d["id"], d["topic"], p["preference"] * d["probability"]))
    for user, candidates in sorted(by_user.items()):
        candidates.sort(key=lambda c: (-c[2], c[0]))
        rows += [(user, t, k, s, rank) for rank, (t, k, s) in enumerate(candidates[:per_user], start=1)]
    return rows


def _reference(case, tables):
    if case == "topic_preferences":
        return _preferences_reference(tables["events"], tables["m__text_topics"], 30.0, None, True)
    if case == "topic_preferences_as_of":
        return _preferences_reference(tables["events"], tables["m__text_topics"], 7.5, AS_OF, False)
    if case == "topic_more_like_this":
        return _more_like_this_reference(tables, 2, 3)
    if case == "similar_texts":
        vectors = tables["input_vectors"]
        X = np.column_stack([vectors.column(f"dim_{d}").to_numpy() for d in range(3)])
        found = nearest_neighbours(vectors.column("id").to_pylist(), X, 2)
        return list(zip(found["id"], found["neighbour_id"], found["similarity"].tolist(),
                        found["neighbour_rank"].tolist()))
    if case == "topic_dominant":
        return sorted(tuple(r.values()) for r in tables["m__dominant_topics"].to_pylist())
    X = np.column_stack([tables["input_vectors"].column(f"dim_{d}").to_numpy() for d in range(3)])
    C = np.column_stack([tables["m__centroids"].column(f"dim_{d}").to_numpy() for d in range(3)])
    cluster, distance = nearest_centroid(X, C)
    return [(i, int(k), float(s), "v0123456789abcdef")
            for i, k, s in zip(tables["input_vectors"].column("id").to_pylist(), cluster, distance)]


CASES = ["topic_nearest_centroid", "topic_dominant", "topic_preferences", "topic_preferences_as_of",
         "topic_more_like_this", "similar_texts"]


def _assert_same(rows, expected):
    rows = sorted(tuple(r) for r in rows)
    expected = sorted(tuple(r) for r in expected)
    assert len(rows) == len(expected) and expected
    for got, want in zip(rows, expected):
        assert len(got) == len(want)
        for a, b in zip(got, want):
            if isinstance(b, float):
                assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12), (got, want)
            else:
                assert a == b, (got, want)


@pytest.fixture(scope="module")
def tables():
    return _tables()


@pytest.mark.parametrize("dialect", ["duckdb", "redshift"])
@pytest.mark.parametrize("case", CASES)
def test_duckdb_and_redshift_sql_give_the_reference_rows(tables, dialect, case):
    from python_udfs.registry import register_all

    conn = duckdb.connect()
    register_all(conn)  # DuckDB's similar_texts calls the plugin's UDF
    for name, table in tables.items():
        conn.register(f"{name}_arrow", table)
        conn.execute(f"create table {name} as select * from {name}_arrow")
    sql = (GOLDEN / dialect / f"{case}.sql").read_text()
    _assert_same(conn.execute(sql).fetchall(), _reference(case, tables))


@pytest.mark.parametrize("case", CASES)
def test_bigquery_sql_gives_the_reference_rows_in_googlesqls_reference_implementation(tables, case):
    from bigquery_analyzer import BigQueryAnalyzer

    rows = BigQueryAnalyzer().execute((GOLDEN / "bigquery" / f"{case}.sql").read_text(), TOPIC_SQL_TABLES, tables)
    _assert_same(rows, _reference(case, tables))
