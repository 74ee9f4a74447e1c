"""What every warehouse shares of fitting a version on the client (decisions 0014, 0015): which versions wait
for it (the registry), the tables it writes back, and the fit itself with the DuckDB plugin's trainer
(python_udfs.training: the same code and model as on DuckDB). Reading the training rows and writing the model's
tables back are the warehouse's own (dwhml.redshift_training, dwhml.bigquery_training)."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from python_udfs.model_config import SCORED_BY_JOIN
from python_udfs.sparse_linear import SPARSE_TABLES
from python_udfs.topics import TOPIC_TABLES

# The model types no warehouse trains itself: the linear models scored by a join, and LDA.
TRAINED_ON_THE_CLIENT = (*SCORED_BY_JOIN, "lda")
# The held-out flag of an LDA version's kept training rows (train_on_the_client names the data_split_column so).
HELD_OUT_COLUMN = "dwhml_held_out"
COLUMNS = ("r.model_name, r.model_version, r.model_database, r.model_schema, r.model_identifier, r.target, "
           "r.problem_type, r.model_type, r.hyperparameters, r.classes")


def pending_sql(columns: str, model_types: str, registry: str) -> str:
    """Versions the ml_model materialization recorded as training that no later build has gated yet, of the
    model types `model_types` names (an SQL condition on r.model_type)."""
    return (f"select distinct {columns} from {registry} as r "
            f"where r.status = 'training' and r.model_identifier is not null and r.model_type {model_types} "
            f"and not exists (select 1 from {registry} as d where d.model_name = r.model_name "
            f"and d.model_version = r.model_version and d.status in ('promoted', 'not_promoted'))")


def client_pending_sql(registry: str) -> str:
    return pending_sql(COLUMNS, "in (" + ", ".join(f"'{t}'" for t in TRAINED_ON_THE_CLIENT) + ")", registry)


@dataclasses.dataclass(frozen=True)
class PendingVersion:
    model_name: str
    model_version: str
    model_database: str | None
    model_schema: str
    model_identifier: str
    target: str
    problem_type: str
    model_type: str
    hyperparameters: str  # JSON, as recorded
    classes: str  # JSON list, positive class last for binary models

    def table(self, part: str) -> str:
        """dataset_or_schema.model__version__<part>, unquoted (validated where it is quoted)."""
        return f"{self.model_schema}.{self.model_identifier}__{part}"

    @property
    def qualified(self) -> str:
        return f"{self.model_schema}.{self.model_identifier}"


def fitted_parts(model_type: str) -> tuple[str, ...]:
    """The tables written back for a version, in order: the last one's presence marks it fitted (the macro
    client_fit_parts lists the same; bound by a test)."""
    return (*TOPIC_TABLES["lda"], "model", "measures") if model_type == "lda" else SPARSE_TABLES


def pending_versions(rows) -> list[PendingVersion]:
    return sorted((PendingVersion(*row) for row in rows), key=lambda v: v.qualified)


def fit(version: PendingVersion, parquet_path: str, store_dir: str) -> Path:
    """Fit the version on its training rows (Parquet) and return the directory of its tables' Parquet files
    (fitted_parts(version.model_type), each <part>.parquet)."""
    from python_udfs.training import train

    classes = json.loads(version.classes) if version.classes else None
    config = {"target": version.target, "problem_type": version.problem_type, "model_type": version.model_type,
              "hyperparameters": json.loads(version.hyperparameters),
              "positive_class": classes[-1] if version.problem_type == "binary_classification" else None,
              "version": version.model_version}
    if version.model_type == "lda" and HELD_OUT_COLUMN in pq.read_schema(parquet_path).names:
        config["data_split_column"] = HELD_OUT_COLUMN
    meta = train(version.model_name, config, parquet_path, store_dir)
    if classes is not None and meta["classes"] != classes:
        raise RuntimeError(f"{version.qualified}: the client's classes {meta['classes']} are not the recorded {classes}")
    artifact = Path(meta["artifact_location"])
    if version.model_type == "lda":
        from python_udfs.topics import LDA_MODEL_FILE

        from .topic_inference import model_chunks

        # The model itself, for inferring the topics of new texts from any machine (dwhml infer-topics).
        pq.write_table(model_chunks(artifact / LDA_MODEL_FILE), artifact / "model.parquet")
        # The measures, for the build that attaches to the version to record (the numeric ones, as on DuckDB).
        measures = {k: float(v) for k, v in meta["metrics"].items()
                    if isinstance(v, (int, float)) and not isinstance(v, bool) and v == v}
        pq.write_table(pa.table({"metric": list(measures), "value": pa.array(list(measures.values()), pa.float64())}),
                       artifact / "measures.parquet")
    return artifact
