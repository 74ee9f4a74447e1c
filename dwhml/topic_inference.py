"""LDA topics of texts a version has not seen, on the warehouses: extract -> infer -> write back (decision
0015). What Redshift and BigQuery share: the version (from the model's info table), the SELECT of the texts
still to assign (an anti-join in the warehouse), the version's model rebuilt from the warehouse, and the
inference itself, python_udfs.topics.infer_topics: the call the fit used for its held-out texts and the DuckDB
plugin uses for new ones, so a text gets the same distribution on every target. Reading and writing are the
warehouse's own (dwhml.redshift_topic_inference, dwhml.bigquery_topic_inference).

The model travels in the warehouse: the client fit writes <model>__<version>__model, the tomotopy file in
base64 chunks (client_training.fit), so any machine with the warehouse's credentials infers, not only the one
that fitted."""
from __future__ import annotations

import base64
import dataclasses
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from embeddings import names
from python_udfs.topics import LDA_MODEL_FILE, infer_topics

MODEL_CHUNK_CHARS = 60_000  # base64 text per row: under Redshift's VARCHAR(65535) bytes
INFO_COLUMNS = "model_name, model_version, model_type, hyperparameters, model_database, model_schema, model_identifier"


@dataclasses.dataclass(frozen=True)
class LdaVersion:
    """The current version of an LDA model fitted on the client for a warehouse (a row of its info table)."""
    model_name: str
    model_version: str
    hyperparameters: dict
    model_database: str | None
    model_schema: str
    model_identifier: str

    def table(self, part: str) -> str:
        return f"{self.model_schema}.{self.model_identifier}__{part}"


def info_sql(model: str) -> str:
    """`model`: the info table, quoted in the warehouse's words (as every relation below)."""
    return f"select {INFO_COLUMNS} from {model}"


def lda_version(model: str, rows: list) -> LdaVersion:
    """The version from the info table's rows, refused with a reason when it is not a client-fitted LDA model."""
    if len(rows) != 1:
        raise ValueError(f"{model} is not a trained ml_model (its info table has {len(rows)} rows); run dbt build")
    name, version, model_type, hyperparameters, database, schema, identifier = rows[0]
    if model_type != "lda":
        hint = " (k-means assigns new texts in SQL: dwhml.topics)" if model_type == "kmeans" else ""
        raise ValueError(f"{model} is a {model_type} model, not an LDA topic model{hint}")
    if not identifier:
        raise ValueError(f"{model} was trained on DuckDB: its topics of new texts come from dwhml.topics there")
    return LdaVersion(name, version, json.loads(hyperparameters), database, schema, identifier)


def to_assign_sql(rows: str, into: str, version: LdaVersion, into_exists: bool) -> str:
    """The (id, feature, weight) rows of the texts `into` has no topics of under this version."""
    select = f"select r.id, r.feature, r.weight from {rows} as r"
    if not into_exists:
        return select
    return (f"{select} where not exists (select 1 from {into} as a where a.id = r.id "
            f"and a.model_version = {names.string_literal(version.model_version)})")


def model_chunks(path: Path) -> pa.Table:
    """A tomotopy model file as (chunk, data) rows of base64 text: how it is stored in the warehouse."""
    text = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    chunks = [text[i:i + MODEL_CHUNK_CHARS] for i in range(0, len(text), MODEL_CHUNK_CHARS)]
    return pa.table({"chunk": pa.array(range(len(chunks)), pa.int64()), "data": chunks})


def restore_artifact(version: LdaVersion, model: pa.Table, vocabulary: pa.Table, directory: Path) -> str:
    """The version's artifact directory as infer_topics reads it, from its warehouse tables."""
    chunks = sorted(zip(model.column("chunk").to_pylist(), model.column("data").to_pylist()))
    if [c for c, _ in chunks] != list(range(len(chunks))) or not chunks:
        raise RuntimeError(f"{version.table('model')} is incomplete: chunks {[c for c, _ in chunks]}")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / LDA_MODEL_FILE).write_bytes(base64.b64decode("".join(d for _, d in chunks)))
    pq.write_table(vocabulary.select(["feature"]), directory / "vocabulary.parquet")
    (directory / "meta.json").write_text(json.dumps({"hyperparameters": version.hyperparameters}))
    return str(directory)


def infer(artifact_dir: str, version: LdaVersion, rows: pa.Table) -> tuple[pa.Table, "InferSummary"]:
    """(id, topic, probability, model_version) of each text of the (id, feature, weight) rows, and the counts: a
    text with no word of the vocabulary gets no rows (as dwhml.topics leaves it: tried again next run)."""
    by_id: dict = {}
    for text_id, feature, weight in zip(rows.column("id").to_pylist(), rows.column("feature").to_pylist(),
                                        rows.column("weight").to_pylist()):
        features, weights = by_id.setdefault(text_id, ([], []))
        features.append(feature)
        weights.append(float(weight))
    ids = sorted(by_id)
    distributions = infer_topics(artifact_dir, [by_id[i][0] for i in ids], [by_id[i][1] for i in ids])
    out = {"id": [], "topic": [], "probability": []}
    for text_id, distribution in zip(ids, distributions):
        for topic, probability in enumerate(distribution or []):
            out["id"].append(text_id)
            out["topic"].append(topic)
            out["probability"].append(probability)
    table = pa.table({"id": pa.array(out["id"], rows.schema.field("id").type), "topic": pa.array(out["topic"], pa.int64()),
                      "probability": pa.array(out["probability"], pa.float64()),
                      "model_version": pa.array([version.model_version] * len(out["id"]), pa.string())})
    missing = sum(d is None for d in distributions)
    return table, InferSummary(version.model_version, len(ids), len(ids) - missing, missing)


def infer_extracted(local, version: LdaVersion, directory: Path) -> tuple[pa.Table, "InferSummary"]:
    """infer() over what a warehouse's extract left in the local DuckDB: src.model, src.vocabulary, src.rows."""
    artifact = restore_artifact(version, local.sql("select * from src.model").to_arrow_table(),
                                local.sql("select * from src.vocabulary").to_arrow_table(), directory)
    return infer(artifact, version, local.sql("select * from src.rows").to_arrow_table())


@dataclasses.dataclass
class InferSummary:
    model_version: str
    texts: int  # texts read (not yet assigned under this version)
    assigned: int
    no_word_in_vocabulary: int

    def line(self) -> str:
        return (f"version {self.model_version}: {self.texts} texts read, {self.assigned} given topics, "
                f"{self.no_word_in_vocabulary} with no word of the vocabulary (tried again next run)")
