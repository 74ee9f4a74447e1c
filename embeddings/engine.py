"""The engine path's engine-neutral half (docs/embedding.md, decision 0019): what one task of a distributed
embed does with its batches of (id, text, id_reason), and the files the run leaves for the loaders.

Each task loads the pinned fastText model (shipped to it by the engine) and the tokenizer once, checks both
against the pinned version, and runs the single process's batch step (embeddings.batch) on every batch, so the
engine's rows equal `dwhml embed`'s. The engine's own part is only what needs the whole table: which copy of a
repeated id is kept (the first by text, NULL texts last, as the single process reads them) and NULL ids.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from pyarrow.fs import FileType

from . import batch as batch_step
from .embedding_versions import EmbeddingVersion
from .normalise import NORMALISER_VERSION

KINDS = ("vectors", "rejects", "tokens", "fingerprints")
MANIFEST = "_dwhml_embed.json"
# The columns of a task's input batches, in this order: the source's id and text, why the id is unusable
# (null_id / duplicate_id, else NULL) and how many rows of the source have this id.
TASK_INPUT = ("id", "text", "id_reason", "copies")


@dataclasses.dataclass(frozen=True)
class TaskSpec:
    """What every task needs, small enough to send with the task."""
    model_path: str           # a local path on the worker (the engine's copy of the shipped file)
    version: EmbeddingVersion
    max_chars: int


class TaskEmbedder:
    """The tokenizer and vectoriser of one worker process, made once and checked against the pinned version."""

    _cache: dict = {}

    @classmethod
    def for_spec(cls, spec: TaskSpec) -> "TaskEmbedder":
        key = (spec.model_path, spec.version.embedding_version)
        if key not in cls._cache:
            cls._cache[key] = cls(spec)
        return cls._cache[key]

    def __init__(self, spec: TaskSpec):
        from . import fasttext_model
        from .tokenize import Tokenizer, dictionary_of
        from .vectors import MeanTokenVectors

        version = spec.version
        if fasttext_model.file_sha256(spec.model_path) != version.model_sha256:
            raise ValueError(f"the fastText model shipped to this worker ({spec.model_path}) is not the one of "
                             f"embedding version {version.embedding_version} (SHA-256 differs)")
        self.tokenizer = Tokenizer(dictionary_of(version.dictionary))
        if (self.tokenizer.version, NORMALISER_VERSION) != (version.dictionary, version.normaliser):
            raise ValueError(f"this worker tokenizes with {self.tokenizer.version} and normalises with "
                             f"{NORMALISER_VERSION}; embedding version {version.embedding_version} was made with "
                             f"{version.dictionary}, {version.normaliser}: install the same dwhml and dictionary")
        self.vectoriser = MeanTokenVectors(fasttext_model.load(spec.model_path))
        self.spec = spec

    def embed(self, batch: pa.RecordBatch) -> batch_step.BatchResults:
        """A batch of TASK_INPUT rows through the single process's batch step."""
        prepared = batch_step.prepare(batch.column(0), batch.column(1), batch.column(2).to_pylist(),
                                      self.tokenizer, self.spec.max_chars)
        return batch_step.results(prepared, self.vectoriser)


def text_md5(text) -> str | None:
    """The fingerprint the single process's incremental plan computes in SQL (md5 of the text as VARCHAR);
    NULL (never equal: re-read by the next incremental run) for a NULL text and for bytes, whose VARCHAR
    spelling is the engine's own."""
    return hashlib.md5(text.encode("utf-8")).hexdigest() if isinstance(text, str) else None


def output_filesystem(out_dir: str):
    """(pyarrow filesystem, path) of a local directory or an object store URI (s3://, gs://)."""
    import pyarrow.fs

    if "://" in out_dir:
        return pyarrow.fs.FileSystem.from_uri(out_dir)
    return pyarrow.fs.LocalFileSystem(), str(Path(out_dir).resolve())


def clear_output(out_dir: str) -> None:
    """Remove what an earlier run left in `out_dir` (its manifest first: a half-cleared directory is unfinished)."""
    filesystem, path = output_filesystem(out_dir)
    for name in (MANIFEST, *KINDS):
        info = filesystem.get_file_info(f"{path}/{name}")
        if info.type == FileType.File:
            filesystem.delete_file(info.path)
        elif info.type == FileType.Directory:
            filesystem.delete_dir(info.path)


class TaskFiles:
    """The Parquet files of one task (one partition): <out_dir>/<kind>/part-<partition>.parquet, written as the
    batches come. A retried task writes the same names again, so a file is never counted twice."""

    def __init__(self, out_dir: str, partition: int, version: str, dim: int):
        self.out_dir, self.version, self.dim = out_dir.rstrip("/"), version, dim
        self.name = f"part-{partition:05d}.parquet"
        self._writers: dict = {}
        self.rows = {kind: 0 for kind in KINDS}
        self.read = 0

    def _write(self, kind: str, table: pa.Table) -> None:
        import pyarrow.parquet as pq

        # every kind gets a file from a task that read anything, empty or not: the loaders learn each kind's
        # columns from its files
        if kind not in self._writers:
            filesystem, path = output_filesystem(self.out_dir)
            filesystem.create_dir(f"{path}/{kind}", recursive=True)
            self._writers[kind] = pq.ParquetWriter(f"{path}/{kind}/{self.name}", table.schema, filesystem=filesystem)
        if table.num_rows:
            self._writers[kind].write_table(table)
            self.rows[kind] += table.num_rows

    def write(self, batch: pa.RecordBatch, done: batch_step.BatchResults) -> None:
        ids, dims = done.vector_ids, done.vectors
        vectors = {"id": ids, **{f"dim_{j}": pa.array(dims[:, j], pa.float32()) for j in range(self.dim)},
                   "embedding_version": pa.array([self.version] * len(ids), pa.string())}
        self._write("vectors", pa.table(vectors))
        self._write("rejects", pa.table({"id": done.reject_ids, "reason": pa.array(done.reject_reasons, pa.string())}))
        self._write("tokens", pa.table(dict(zip(("id", "normalised", "tokens"), done.tokens))))
        single = pc.and_(pc.is_valid(batch.column(0)), pc.equal(batch.column(3), 1)).fill_null(False)
        kept = batch.filter(single)
        self._write("fingerprints", pa.table({
            "id": kept.column(0), "text_md5": pa.array([text_md5(t) for t in kept.column(1).to_pylist()], pa.string()),
            "embedding_version": pa.array([self.version] * kept.num_rows, pa.string())}))
        self.read += batch.num_rows

    def close(self) -> dict:
        for writer in self._writers.values():
            writer.close()
        return {"files": {kind: f"{kind}/{self.name}" for kind in self._writers}, "rows": self.rows, "read": self.read,
                "dim": self.dim}


def embed_task(batches, spec: TaskSpec, out_dir: str, partition: int) -> dict:
    """One task: its batches of TASK_INPUT embedded and written; what it wrote (see TaskFiles.close)."""
    embedder = TaskEmbedder.for_spec(spec)
    files = TaskFiles(out_dir, partition, spec.version.embedding_version, embedder.vectoriser.dim)
    try:
        for batch in batches:
            files.write(batch, embedder.embed(batch))
    finally:
        summary = files.close()
    return summary


def write_manifest(out_dir: str, version: EmbeddingVersion, tasks: list[dict]) -> dict:
    """After every task has finished: the files the loaders take (a kind's files, rows per kind, rows read) and
    the version they were made with. Written last: a directory without it is an unfinished run."""
    manifest = {"version": dataclasses.asdict(version), "files": {kind: [] for kind in KINDS},
                "rows": {kind: 0 for kind in KINDS}, "rows_read": 0, "dim": max((t["dim"] for t in tasks), default=0)}
    for task in tasks:
        for kind in KINDS:
            manifest["rows"][kind] += task["rows"][kind]
            if kind in task["files"]:
                manifest["files"][kind].append(task["files"][kind])
        manifest["rows_read"] += task["read"]
    rows = manifest["rows"]
    if manifest["rows_read"] != rows["vectors"] + rows["rejects"]:
        raise RuntimeError(f"read {manifest['rows_read']} texts, wrote {rows['vectors']} vectors + "
                           f"{rows['rejects']} rejects")
    for kind in KINDS:
        manifest["files"][kind].sort()
    filesystem, path = output_filesystem(out_dir)
    filesystem.create_dir(path, recursive=True)
    with filesystem.open_output_stream(f"{path}/{MANIFEST}") as out:
        out.write(json.dumps(manifest, indent=2, sort_keys=True).encode())
    return manifest


def read_manifest(out_dir: str) -> dict:
    filesystem, path = output_filesystem(out_dir)
    if filesystem.get_file_info(f"{path}/{MANIFEST}").type != FileType.File:
        raise ValueError(f"{out_dir} has no {MANIFEST}: it is not the output of a finished `dwhml embed-engine` run")
    with filesystem.open_input_stream(f"{path}/{MANIFEST}") as stream:
        return json.loads(stream.read())
