"""The engine path on Apache Spark (decision 0019): Parquet texts -> the pinned embedding on every executor ->
Parquet of vectors, rejects and tokens plus a manifest, for `dwhml load-embedded` (DuckDB) or a warehouse's
bulk load. Locally `dwhml embed-engine` runs it on `local[N]`; on a managed service (EMR, Dataproc, Glue,
Databricks) this file is the job: `spark-submit embeddings/engine_spark.py` with the same options (docs/embedding.md).
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sys
import warnings
from pathlib import Path

from embeddings.batch import DUPLICATE_ID, NULL_ID
from embeddings.embedding_versions import EmbeddingVersion
from embeddings.engine import TASK_INPUT, TaskSpec, clear_output, embed_task, write_manifest

LOCAL_LOG_CONFIG = Path(__file__).with_name("spark-log4j2.properties")
# pyspark 4.3 warns that it does not yet fully support pandas 3; the engine path hands Spark Arrow, not pandas
warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)


def session(workers: int | None, batch_rows: int):
    """A Spark session on local[workers]; with workers None, the cluster spark-submit set."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ValueError("the engine path needs pyspark: pip install 'dwhml[engine]'") from None
    if workers and not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        raise ValueError("the engine path runs Spark, which needs a Java runtime (17 or newer) on the PATH or in "
                         "JAVA_HOME (Debian: apt-get install openjdk-17-jre-headless)")

    builder = SparkSession.builder.appName("dwhml-embed")
    if workers:
        # the local workers run this interpreter, which has dwhml and its dictionaries installed
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        # one partition per worker after the id shuffle, none merged away: every worker embeds
        builder = (builder.master(f"local[{workers}]").config("spark.ui.enabled", "false")
                   .config("spark.ui.showConsoleProgress", "false")
                   .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{LOCAL_LOG_CONFIG}")
                   .config("spark.sql.shuffle.partitions", str(workers))
                   .config("spark.sql.adaptive.coalescePartitions.enabled", "false"))
    return (builder.config("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch_rows))
            .config("spark.sql.session.timeZone", "UTC").getOrCreate())


def embed_parquet(spark, inputs: list[str], out_dir: str, version: EmbeddingVersion, model_path: str,
                  id_column: str = "id", text_column: str = "text", max_chars: int = 100_000) -> dict:
    """Embed the (id, text) rows of the Parquet `inputs` into `out_dir` (embeddings.engine's files and manifest);
    return the manifest. The first copy of a repeated id by text (NULL texts last) is embedded, the others are
    duplicate_id rejects, as in the single process."""
    from pyspark import SparkFiles, TaskContext
    from pyspark.errors import AnalysisException
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from embeddings import fasttext_model

    # shipped to every executor (a local path, or s3:// / gs:// on a cluster); the driver checks its own copy
    spark.sparkContext.addFile(model_path)
    shipped = os.path.basename(model_path)
    if fasttext_model.file_sha256(SparkFiles.get(shipped)) != version.model_sha256:
        raise ValueError(f"{model_path} is not the fastText model of embedding version {version.embedding_version} "
                         "(SHA-256 differs)")
    try:
        texts = spark.read.parquet(*inputs)
    except AnalysisException as exc:
        raise ValueError(f"cannot read Parquet texts from {', '.join(inputs)}: {str(exc).splitlines()[0]}") from None
    missing = [c for c in (id_column, text_column) if c not in texts.columns]
    if missing:
        raise ValueError(f"{', '.join(inputs)} has no column {', '.join(missing)} (columns: {', '.join(texts.columns)})")
    same_id = Window.partitionBy("id")
    copy = F.row_number().over(same_id.orderBy(F.col("text").asc_nulls_last()))
    texts = (texts.select(F.col(id_column).alias("id"), F.col(text_column).alias("text"))
             .withColumn("id_reason", F.when(F.col("id").isNull(), F.lit(NULL_ID))
                         .when(copy > 1, F.lit(DUPLICATE_ID)).cast("string"))
             .withColumn("copies", F.count(F.lit(1)).over(same_id).cast("long"))
             .select(*TASK_INPUT))

    clear_output(out_dir)
    fields = dataclasses.asdict(version)

    def run_task(batches):
        import pyarrow as pa

        spec = TaskSpec(SparkFiles.get(shipped), EmbeddingVersion(**fields), max_chars)
        done = embed_task(batches, spec, out_dir, TaskContext.get().partitionId())
        yield pa.record_batch([pa.array([json.dumps(done)])], names=["task"])

    tasks = [json.loads(row.task) for row in texts.mapInArrow(run_task, "task string").collect()]
    return write_manifest(out_dir, version, tasks)


if __name__ == "__main__":  # spark-submit embeddings/engine_spark.py <the options of `dwhml embed-engine`>
    from dwhml.cli import main

    sys.exit(main(["embed-engine", "--cluster", *sys.argv[1:]]))
