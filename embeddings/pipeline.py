"""The embed run: read -> normalise -> tokenize -> (train fastText) -> mean vectors -> staged write."""
from __future__ import annotations

import collections
import dataclasses
import hashlib
import json
import os
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import batch as batch_step
from . import duckdb_io, embedding_versions, fasttext_model, incremental, interrupts
from .batch import DUPLICATE_ID, NULL_ID
from .normalise import NORMALISER_VERSION
from .run_dirs import run_directory
from .tokenize import Tokenizer
from .vectors import MeanTokenVectors

DEFAULT_MAX_CHARS = 100_000


@dataclasses.dataclass
class EmbedOptions:
    source: str = "raw.texts"
    output: str = "raw.text_vectors"
    rejects: str = "raw.text_vector_rejects"
    tokens: str | None = "raw.text_tokens"  # (id, normalised, tokens): input of the sparse features
    # (id, label) rows whose train-split part trains a supervised (label-aware) fastText instead
    supervised_labels: str | None = None
    train_percent: int = 80
    id_column: str = "id"
    text_column: str = "text"
    dictionary: str = "ipadic"
    model_path: str | None = None  # a given fastText model; None trains one on the corpus
    params: fasttext_model.FastTextParams = dataclasses.field(default_factory=fasttext_model.FastTextParams)
    store_dir: str = "model_store/fasttext"
    max_chars: int = DEFAULT_MAX_CHARS
    batch_rows: int = 10_000
    duckdb_memory_limit: str = "1GB"
    progress: bool = False
    # A new embedding version (fastText trained again) instead of the output's pinned one.
    retrain: bool = False
    # Every text embedded again with the pinned version, not only the new and changed ones.
    full: bool = False

    def check_outputs(self) -> None:
        """Refuse, before any work, outputs that would overwrite an input or each other (a swap would
        replace the source texts, or write two results into one table)."""
        def key(name: str) -> str:
            name = name.strip().lower()
            return name if "." in name else "main." + name

        outputs = {"--output": self.output, "--rejects": self.rejects, "--tokens": self.tokens}
        inputs = {"--source": self.source, "--supervised-labels": self.supervised_labels}
        named = [(flag, name) for flag, name in outputs.items() if name]
        for i, (flag, name) in enumerate(named):
            for other_flag, other in named[i + 1:]:
                if key(name) == key(other):
                    raise ValueError(f"{flag} and {other_flag} are both {name}: each output needs its own table")
            for input_flag, source in inputs.items():
                if source and not duckdb_io.names.is_select(source) and key(name) == key(source):
                    raise ValueError(f"{flag} {name} is the {input_flag} table: it would be overwritten; "
                                     "write to another table")


@dataclasses.dataclass
class EmbedSummary:
    rows_read: int = 0
    vectors: int = 0
    skipped_unchanged: int = 0   # texts of an incremental run already embedded with the pinned version
    incremental: bool = False
    new_version: bool = False    # this run created (and pinned) its embedding version
    rejects: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    embedding_version: str = ""
    model_path: str = ""
    model_reused: bool = False
    seconds: dict = dataclasses.field(default_factory=dict)

    @property
    def rejected(self) -> int:
        return sum(self.rejects.values())


class _Preparer:
    """Normalises and tokenizes batches read in id order; rejects nulls, duplicates and unusable texts."""

    def __init__(self, tokenizer: Tokenizer, max_chars: int):
        self.tokenizer = tokenizer
        self.max_chars = max_chars
        self._last_id = None

    def prepare(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        ids = batch.column(0)
        n = len(ids)
        null_id = pc.is_null(ids).to_numpy(zero_copy_only=False)
        # Input is ordered by id, so a repeated id is equal to the one before it.
        duplicate = np.zeros(n, dtype=bool)
        if n > 1:
            duplicate[1:] = pc.equal(ids[1:], ids[:-1]).fill_null(False).to_numpy(zero_copy_only=False)
        if n and self._last_id is not None and ids[0].as_py() == self._last_id:
            duplicate[0] = True
        if n:
            last_valid = pc.drop_null(ids)
            if len(last_valid):
                self._last_id = last_valid[-1].as_py()
        id_reasons = [NULL_ID if null_id[i] else DUPLICATE_ID if duplicate[i] else None for i in range(n)]
        return batch_step.prepare(ids, batch.column(1), id_reasons, self.tokenizer, self.max_chars)


def _corpus_lines(prepared: pa.RecordBatch, labels: dict | None) -> str:
    """fastText's training text: token lines; with labels, `__label__<label> tokens` of labelled rows only."""
    if labels is None:
        return "".join(t + "\n" for t in prepared.column(1).drop_null().to_pylist())
    out = []
    for text_id, tokens in zip(prepared.column(0).to_pylist(), prepared.column(1).to_pylist()):
        label = labels.get(text_id)
        if tokens is not None and label is not None:
            out.append(f"__label__{'_'.join(label.split())} {tokens}\n")
    return "".join(out)


def embedding_version(model_sha256: str, params: dict | None, tokenizer: Tokenizer) -> str:
    identity = [model_sha256, params, NORMALISER_VERSION, tokenizer.version]
    return "ft-" + hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:16]


def _progress(total: int, enabled: bool, desc: str):
    from tqdm import tqdm

    return tqdm(total=total, disable=not enabled, desc=desc, unit="rows", unit_scale=True, leave=False)


def _write_prepared(prepared: pa.RecordBatch, vectoriser: MeanTokenVectors, writer, version: str,
                    summary: EmbedSummary) -> None:
    done = batch_step.results(prepared, vectoriser)
    writer.write_tokens(*done.tokens)
    writer.write_vectors(done.vector_ids, done.vectors, version)
    reasons = done.reject_reasons
    writer.write_rejects(done.reject_ids, reasons)
    summary.vectors += int(done.has_vector.sum())
    summary.rejects.update(reasons)


class _BackgroundWriter:
    """Vectorises and writes batches on a second thread while the caller tokenizes the next one.

    The Parquet writes, DuckDB's read_parquet inserts and most NumPy/Arrow work release
    the GIL, so on two cores the write nearly vanishes behind tokenization. Errors
    surface in ``put`` or ``close``.
    """

    def __init__(self, write):
        import queue
        import threading

        self._write = write
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="dwhml-embed-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (batch := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._write(batch)
                except BaseException as exc:  # handed to the caller's thread
                    self._error = exc

    def put(self, batch) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(batch)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error


def embed(conn, options: EmbedOptions) -> EmbedSummary:
    """Embed every text of ``options.source``; every row read ends as a vector or a reject."""
    import sys

    # The writer thread re-takes the GIL after every NumPy/Arrow/DuckDB call; at the
    # default 5 ms switch interval it starves behind tokenization (measured 3x slower).
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0002)
    # DuckDB's buffer pool would otherwise hold the sorted input and the staged
    # vectors in memory (80% of RAM by default); capped, it spills to disk and
    # the embed's memory stays flat as the corpus grows.
    memory_limit = conn.execute("select current_setting('memory_limit')").fetchall()[0][0]
    conn.execute(f"set memory_limit = {duckdb_io.names.string_literal(options.duckdb_memory_limit)}")
    try:
        return _embed(conn, options)
    finally:
        sys.setswitchinterval(interval)
        conn.execute(f"set memory_limit = {duckdb_io.names.string_literal(memory_limit)}")


def _pinned_model(pin, options: EmbedOptions, tokenizer: Tokenizer):
    """The output's pinned version `pin` when this run embeds with it (not --retrain, no --model), checked usable."""
    if pin is None or options.retrain or options.model_path:
        return None
    fix = "`dwhml embed --retrain` makes a new embedding version"
    if (pin.dictionary, pin.normaliser) != (tokenizer.version, NORMALISER_VERSION):
        raise ValueError(f"{options.output} is pinned to embedding version {pin.embedding_version} (dictionary "
                         f"{pin.dictionary}, normaliser {pin.normaliser}); this run's are {tokenizer.version}, "
                         f"{NORMALISER_VERSION}: {fix}")
    if not Path(pin.model_path).is_file():
        raise ValueError(f"{options.output} is pinned to embedding version {pin.embedding_version}, whose fastText "
                         f"model {pin.model_path} is missing: restore it, or {fix}")
    if fasttext_model.file_sha256(pin.model_path) != pin.model_sha256:
        raise ValueError(f"the fastText model {pin.model_path} of embedding version {pin.embedding_version} has "
                         f"changed since it was pinned: restore it, or {fix}")
    return pin


def _embed(conn, options: EmbedOptions) -> EmbedSummary:
    options.check_outputs()
    duckdb_io.drop_dead_staging(conn)
    summary = EmbedSummary()
    tokenizer = Tokenizer(options.dictionary)
    preparer = _Preparer(tokenizer, options.max_chars)
    started = time.perf_counter()
    if options.retrain and options.model_path:
        raise ValueError("--retrain trains a new fastText model: give no --model")
    current = embedding_versions.pinned(conn, options.output)
    pin = _pinned_model(current, options, tokenizer)
    given_model = options.model_path or (pin.model_path if pin else None)

    labels = None
    if options.supervised_labels and pin is None:
        if options.model_path or options.params.model != "supervised":
            raise ValueError("supervised labels train a supervised fastText: give no --model, model type supervised")
        labels = duckdb_io.training_labels(conn, options.supervised_labels, options.train_percent)
    with run_directory("embed") as tmp:
        if given_model:
            # The pinned (or given) model: its version is known before reading, so only what changed is read.
            model = fasttext_model.load(given_model)
            model_path, params_identity = Path(given_model), (pin.params if pin else None)
            # the pinned model's hash was just checked against the recorded one
            model_sha256 = pin.model_sha256 if pin else fasttext_model.file_sha256(model_path)
            version = embedding_version(model_sha256, params_identity, tokenizer)
            plan = incremental.plan(conn, options, version)
            reader = duckdb_io.read_texts(conn.cursor(), plan.source, plan.id_column, plan.text_column,
                                          options.batch_rows)
            id_type = reader.schema.field(0).type
            prepared_batches = None
        else:
            # The reader streams on its own cursor so that writes on ``conn`` do not cancel it.
            reader = duckdb_io.read_texts(conn.cursor(), options.source, options.id_column, options.text_column,
                                          options.batch_rows)
            id_type = reader.schema.field(0).type
            total = duckdb_io.count_rows(conn, options.source)
            # Pass 1: tokenize once, keep the tokens on disk (memory stays flat), train on them.
            corpus_path = os.path.join(tmp, "corpus.txt")
            prepared_path = os.path.join(tmp, "prepared.arrow")
            digest = hashlib.sha256()
            schema = pa.schema([("id", id_type), ("tokens", pa.string()), ("reason", pa.string()),
                                ("normalised", pa.string())])
            with open(corpus_path, "w", encoding="utf-8") as corpus, \
                    pa.OSFile(prepared_path, "wb") as sink, pa.ipc.new_stream(sink, schema) as stream, \
                    _progress(total, options.progress, "tokenize") as bar:
                for batch in reader:
                    interrupts.raise_if_stopped()
                    prepared = preparer.prepare(batch)
                    stream.write_batch(prepared)
                    lines = _corpus_lines(prepared, labels)
                    corpus.write(lines)
                    digest.update(lines.encode("utf-8"))
                    summary.rows_read += batch.num_rows
                    bar.update(batch.num_rows)
            summary.seconds["read_tokenize"] = time.perf_counter() - started
            if os.path.getsize(corpus_path) == 0:
                raise ValueError("no text to train fastText on" + (
                    f": no row of {options.supervised_labels!r} is in the train split with a text" if labels is not None
                    else ""))
            t0 = time.perf_counter()
            model, model_path, summary.model_reused = fasttext_model.train_or_reuse(
                corpus_path, digest.hexdigest(), options.params, options.store_dir)
            summary.seconds["train_fasttext"] = time.perf_counter() - t0
            params_identity = options.params.identity()
            model_sha256 = fasttext_model.file_sha256(model_path)
            version = embedding_version(model_sha256, params_identity, tokenizer)
            # Every text was read: the outputs are replaced whole (a new version, or --retrain reusing a cached one).
            plan = incremental.plan(conn, dataclasses.replace(options, full=True), version)
            prepared_batches = pa.ipc.open_stream(pa.memory_map(prepared_path))

        t0 = time.perf_counter()
        summary.model_path = str(model_path)
        summary.embedding_version = version
        summary.incremental, summary.skipped_unchanged = plan.incremental, plan.skipped_unchanged
        summary.new_version = current is None or current.embedding_version != version
        vectoriser = MeanTokenVectors(model)
        writer = duckdb_io.StagedTableWriter(conn, options.output, options.rejects, options.tokens, id_type,
                                             vectoriser.dim, tmp)
        background = _BackgroundWriter(
            lambda prepared: _write_prepared(prepared, vectoriser, writer, summary.embedding_version, summary))
        try:
            try:
                if prepared_batches is not None:
                    for prepared in prepared_batches:
                        interrupts.raise_if_stopped()
                        background.put(prepared)
                else:
                    with _progress(plan.rows_to_read, options.progress, "embed") as bar:
                        for batch in reader:
                            interrupts.raise_if_stopped()
                            background.put(preparer.prepare(batch))
                            summary.rows_read += batch.num_rows
                            bar.update(batch.num_rows)
            finally:
                background.close()
            if summary.rows_read != summary.vectors + summary.rejected:
                raise RuntimeError(f"row count mismatch: read {summary.rows_read}, "
                                   f"vectors {summary.vectors} + rejects {summary.rejected}")
            if summary.rows_read != plan.rows_to_read:
                raise RuntimeError(f"row count mismatch: read {summary.rows_read} of the {plan.rows_to_read} rows "
                                   "to embed")
            # A stop request that DuckDB swallowed inside a query must not reach the swap.
            interrupts.raise_if_stopped()
            statements = incremental.commit_statements(conn, options, plan, version)
            if summary.new_version:
                statements["after"] += embedding_versions.register_sql(embedding_versions.EmbeddingVersion(
                    options.output.strip().lower(), version, str(Path(model_path).resolve()), model_sha256,
                    params_identity, NORMALISER_VERSION, tokenizer.version))
            writer.commit(**statements)
        except BaseException:
            writer.abort()
            conn.execute(f"drop table if exists {duckdb_io.names.relation(plan.delta)}")
            raise
        summary.seconds["vectorise_write"] = time.perf_counter() - t0
    summary.seconds["total"] = time.perf_counter() - started
    return summary
