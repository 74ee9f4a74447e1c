"""The topic models' SQL gives the NumPy reference's rows on every target: the compiled goldens of DuckDB,
Redshift and BigQuery (tests/golden/sql/*/topic_*.sql, dbt_runner.topic_sql_cases, kept current by the golden
tests) run on one set of tables, each by the nearest executable stand-in there is here (BigQuery: GoogleSQL's
reference implementation; Redshift: DuckDB, whose dialect runs the Redshift text as written). Nothing here ran
on Redshift or BigQuery.
"""
import datetime as dt
import hashlib
import math
import re
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pytest
from sklearn.metrics import silhouette_score

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
    # A warehouse k-means version: the service's own cluster ids (not 0..k-1), its assignment of the rows, and the
    # size-numbered centroid table (the reference of topic_sized_centroids) the measures read.
    service_ids = [7, 3, 11, 5]
    service_centroids = pa.table({"cluster": service_ids, **{f"dim_{d}": centroids[::-1, d].tolist() for d in range(3)}})
    sized = _sized_reference(vectors, centroids[::-1], service_ids)
    sized_centroids = pa.table({"cluster": [r[0] for r in sized], "texts": [r[1] for r in sized],
                                **{f"dim_{d}": [r[2 + d] for r in sized] for d in range(3)},
                                "service_cluster": [r[5] for r in sized]})
    service_clusters = pa.table({"id": input_vectors.column("id").to_pylist(),
                                 "cluster": [service_ids[int(c)] for c in rng.integers(0, 4, size=25)]})
    return {"m__service_centroids": service_centroids, "m__sized_centroids": sized_centroids,
            "m__service_clusters": service_clusters,"m__text_topics": text_topics, "m__dominant_topics": dominant_topics, "events": events,
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


def _sized_reference(X, centroids, service_ids):
    """Centroids numbered by how many rows are nearest to each, largest first, ties by the service's id."""
    cluster, _ = nearest_centroid(X, centroids)
    sizes = np.bincount(cluster, minlength=len(service_ids))
    order = sorted(range(len(service_ids)), key=lambda c: (-sizes[c], service_ids[c]))
    return [(rank, int(sizes[c]), *map(float, centroids[c]), service_ids[c]) for rank, c in enumerate(order)]


def _kmeans_measures_reference(tables):
    """The measures by NumPy and scikit-learn: silhouette over the ids whose md5 falls in bucket 0 of 2."""
    ids = tables["input_vectors"].column("id").to_pylist()
    X = np.column_stack([tables["input_vectors"].column(f"dim_{d}").to_numpy() for d in range(3)])
    sized = tables["m__sized_centroids"]
    C = np.column_stack([sized.column(f"dim_{d}").to_numpy() for d in range(3)])
    cluster, distance = nearest_centroid(X, C)
    sample = np.array([int(hashlib.md5(i.encode()).hexdigest()[:8], 16) % 2 == 0 for i in ids])
    service = dict(zip(ids, tables["m__service_clusters"].column("cluster").to_pylist()))
    service_of = sized.column("service_cluster").to_pylist()
    agreement = np.mean([service_of[c] == service[i] for i, c in zip(ids, cluster)])
    return [(float(distance.mean()), float(silhouette_score(X[sample], cluster[sample])), int(sample.sum()), len(ids),
             float(agreement))]


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
    if case == "topic_sized_centroids":
        X = np.column_stack([tables["input_vectors"].column(f"dim_{d}").to_numpy() for d in range(3)])
        C = np.column_stack([tables["m__service_centroids"].column(f"dim_{d}").to_numpy() for d in range(3)])
        return _sized_reference(X, C, tables["m__service_centroids"].column("cluster").to_pylist())
    if case == "topic_kmeans_measures":
        return _kmeans_measures_reference(tables)
    if case == "topic_dominant":
        return sorted(tuple(r.values()) for r in tables["m__dominant_topics"].to_pylist())
    X = np.column_stack([tables["input_vectors"].column(f"dim_{d}").to_numpy() for d in range(3)])
    C = np.column_stack([tables["m__centroids"].column(f"dim_{d}").to_numpy() for d in range(3)])
    cluster, distance = nearest_centroid(X, C)
    return [(i, int(k), float(s), "v0123456789abcdef")
            for i, k, s in zip(tables["input_vectors"].column("id").to_pylist(), cluster, distance)]


CASES = ["topic_nearest_centroid", "topic_dominant", "topic_preferences", "topic_preferences_as_of",
         "topic_more_like_this", "similar_texts", "topic_sized_centroids", "topic_kmeans_measures"]


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
    # Redshift's STRTOL (hash_bucket's hexadecimal prefix), stood in for on DuckDB for base 16 only.
    conn.execute("create macro strtol(s, base) as cast('0x' || s as bigint)")
    for name, table in tables.items():
        conn.register(f"{name}_arrow", table)
        conn.execute(f"create table {name} as select * from {name}_arrow")
    sql = (GOLDEN / dialect / f"{case}.sql").read_text()
    _assert_same(conn.execute(sql).fetchall(), _reference(case, tables))


# GoogleSQL's reference implementation has no VECTOR_SEARCH: BigQuery's similar_texts runs with the call stood in
# for by its documented output (query and base STRUCTs, cosine distance) over every pair, so what is executed is
# the SQL around it (the embedding, the zero vectors left out, self-matches dropped, the ranking), not BigQuery's
# search; its top_k cut is not simulated (the ranking keeps k of every pair either way).
VECTOR_SEARCH_CALL = re.compile(r"vector_search\(\n.*?\n    \) as s", re.S)
VECTOR_SEARCH_STAND_IN = """(
        select
            struct(q.id as id, q.embedding as embedding) as query,
            struct(b.id as id, b.embedding as embedding) as base,
            1 - (select sum(x * b.embedding[offset(i)]) from unnest(q.embedding) as x with offset as i)
                / sqrt((select sum(x * x) from unnest(q.embedding) as x))
                / sqrt((select sum(x * x) from unnest(b.embedding) as x)) as distance
        from embedded as q
        cross join embedded as b
    ) as s"""


@pytest.mark.parametrize("case", CASES)
def test_bigquery_sql_gives_the_reference_rows_in_googlesqls_reference_implementation(tables, case):
    from bigquery_analyzer import BigQueryAnalyzer

    sql = (GOLDEN / "bigquery" / f"{case}.sql").read_text()
    if case == "similar_texts":
        sql, calls = VECTOR_SEARCH_CALL.subn(VECTOR_SEARCH_STAND_IN, sql)
        assert calls == 1, sql
    rows = BigQueryAnalyzer().execute(sql, TOPIC_SQL_TABLES, tables)
    _assert_same(rows, _reference(case, tables))
