"""The SQL an analyst runs to call a model, per warehouse, for the report's model pages."""
from __future__ import annotations

import json
import re

BIGQUERY = ("ML.PREDICT on the current version's model (its name changes with each version: read it from the "
            "model's info table); with meta.dwhml.scores_from the view {view} always scores with the promoted "
            "version (docs/bigquery.md). Generated, not run: dwhml has not run on BigQuery.")
REDSHIFT = ("The current version's ML function, in the models' own schema; its name changes with each version, "
            "so read it from the model's info table. With meta.dwhml.scores_from the late-binding view "
            "{view} always scores with the promoted version (docs/redshift.md). Generated, not run: dwhml has not "
            "run on a Redshift cluster.")


def _relation_name(qualified: str | None) -> str:
    """'"db"."main"."text_features"' -> 'main.text_features' (what a session in the database file names)."""
    if not qualified:
        return "main.text_features"
    parts = [p.strip('"') for p in qualified.split(".")]
    return ".".join(parts[-2:])


def _columns(features: list[str], indent: str = "    ") -> str:
    return (",\n" + indent).join(", ".join(features[i:i + 8]) for i in range(0, len(features), 8))


def sample_sql(version: dict) -> list[tuple[str, str, str]]:
    """[(warehouse, note, sql)] for a registry row of the current version."""
    features = json.loads(version["features"] or "[]")
    model_type, function = version["model_type"], version.get("function_name")
    name = version["model_name"]
    out = []
    if model_type == "xgboost":
        args = _columns(features, " " * 8)
        probability = version["problem_type"] != "regression"
        duckdb = (f"select\n    id,\n    {function}(\n        {args}\n    ) as predicted_label"
                  + (f",\n    {function}_probability(\n        {args}\n    ) as predicted_probability" if probability else "")
                  + "\nfrom raw.text_vectors;")
        out.append(("DuckDB", "A SQL macro stored in the database file: any client, no plugin needed.", duckdb))
        stable = re.sub(r"__v[0-9a-f]{16}(r[0-9a-f]{8})?$", "", function or "")
        location = version.get("artifact_location") or ""
        ml_schema = location.split("://")[-1].split(".")[0] if location.startswith("redshift-ml://") else "your_schema_ml"
        versioned = f"{stable}__{version['model_version']}"
        out.append(("Redshift", REDSHIFT.format(view=f"your_schema.{name}_scores"),
                    f"select function_name from your_schema.{name};  -- {versioned}\n"
                    f"select\n    id,\n    {ml_schema}.{versioned}(\n        {args}\n    ) as predicted_label\n"
                    "from \"raw\".\"text_vectors\";  -- RAW is a Redshift reserved word: quoted\n"
                    f"select id, predicted_label, model_version from your_schema.{name}_scores;"))
        out.append(("BigQuery", BIGQUERY.format(view=f"your_dataset.{name}_scores"),
                    f"select *\nfrom ML.PREDICT(\n    MODEL `your_dataset.{name}__{version['model_version']}`,\n"
                    f"    (select id, {_columns(features, ' ' * 12)}\n     from `your_dataset.text_vectors`)\n);\n"
                    f"select id, predicted_label, predicted_probability from `your_dataset.{name}_scores`;"))
    elif model_type == "sparse_linear":
        relation = _relation_name(version.get("feature_relation"))
        out.append(("DuckDB", "A table macro over the (id, feature, weight) table: plain SQL, any client.",
                    f"select id, predicted_label, predicted_probability\nfrom {function}('{relation}');"))
        out.append(("Any warehouse", "The scoring is an ordinary join + group by + logistic (dwhml.sparse_linear_sql); "
                    "in a dbt model on any target:",
                    f"{{{{ dwhml.predict(ref('{name}'), ref('your_texts')) }}}}"))
    elif model_type == "blend":
        hyper = json.loads(version.get("hyperparameters") or "{}")
        parts = [c["name"] if isinstance(c, dict) else c for c in hyper.get("components", [])]
        out.append(("dbt (any warehouse)", f"A blend of {' and '.join(parts)}: weight {hyper.get('weight')} on the "
                    "first; scored in SQL from the components' own scoring, no standalone function.",
                    f"{{{{ dwhml.predict(ref('{name}'), ref('your_vectors_with_ids')) }}}}"))
    else:
        out.append(("dbt (DuckDB)", "A reference baseline: scored by the dbt-duckdb plugin, no standalone SQL function.",
                    f"{{{{ dwhml.predict(ref('{name}'), ref('your_texts')) }}}}"))
    return out
