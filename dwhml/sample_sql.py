"""The SQL an analyst runs to call a model on the warehouse that trained it, for the report's model pages."""
from __future__ import annotations

import json

from python_udfs.model_config import SCORED_BY_JOIN

BIGQUERY = ("ML.PREDICT on the current version's model (its name changes with each version: read it from the "
            "model's info table); with meta.dwhml.scores_from the view {view} always scores with the promoted "
            "version (docs/bigquery.md). Generated, not run: dwhml has not run on BigQuery.")
REDSHIFT = ("The current version's ML function, in the models' own schema; its name changes with each version, "
            "so read it from the model's info table. With meta.dwhml.scores_from the late-binding view "
            "{view} always scores with the promoted version (docs/redshift.md). Generated, not run: dwhml has not "
            "run on a Redshift cluster.")
WAREHOUSE_NAMES = {"duckdb": "DuckDB", "redshift": "Redshift", "bigquery": "BigQuery"}


def _relation_name(qualified: str | None) -> str:
    """'"db"."main"."text_features"' -> 'main.text_features' (what a session in the database file names)."""
    if not qualified:
        return "main.text_features"
    parts = [p.strip('"`') for p in qualified.split(".")]
    return ".".join(parts[-2:])


def _columns(features: list[str], indent: str = "    ") -> str:
    return (",\n" + indent).join(", ".join(features[i:i + 8]) for i in range(0, len(features), 8))


def _warehouse_model(version: dict) -> str:
    """The versioned model's path in the warehouse, from the registry's artifact location."""
    return (version.get("artifact_location") or "").split("://")[-1]


def _xgboost(version: dict, warehouse: str, features: list[str]) -> tuple[str, str, str]:
    name, function = version["model_name"], version.get("function_name")
    args = _columns(features, " " * 8)
    if warehouse == "redshift":
        schema = version.get("schema") or "your_schema"
        return ("Redshift", REDSHIFT.format(view=f"{schema}.{name}_scores"),
                f"select function_name from {schema}.{name};  -- {function}\n"
                f"select\n    id,\n    {_warehouse_model(version).split('.')[0]}.{function}(\n        {args}\n    )"
                " as predicted_label\nfrom \"raw\".\"text_vectors\";  -- RAW is a Redshift reserved word: quoted\n"
                f"select id, predicted_label, model_version from {schema}.{name}_scores;")
    if warehouse == "bigquery":
        model = _warehouse_model(version)
        dataset = ".".join(model.split(".")[:-1])
        return ("BigQuery", BIGQUERY.format(view=f"{dataset}.{name}_scores"),
                f"select *\nfrom ML.PREDICT(\n    MODEL `{model}`,\n"
                f"    (select id, {_columns(features, ' ' * 12)}\n     from `{dataset}.text_vectors`)\n);\n"
                f"select id, predicted_label, predicted_probability from `{dataset}.{name}_scores`;")
    probability = version["problem_type"] != "regression"
    return ("DuckDB", "A SQL macro stored in the database file: any client, no plugin needed.",
            f"select\n    id,\n    {function}(\n        {args}\n    ) as predicted_label"
            + (f",\n    {function}_probability(\n        {args}\n    ) as predicted_probability" if probability else "")
            + "\nfrom raw.text_vectors;")


def sample_sql(version: dict) -> list[tuple[str, str, str]]:
    """[(warehouse, note, sql)] for a registry row of the current version, on the warehouse that trained it."""
    features = json.loads(version["features"] or "[]")
    warehouse = version.get("target_warehouse") or "duckdb"
    model_type, function, name = version["model_type"], version.get("function_name"), version["model_name"]
    if model_type == "xgboost":
        return [_xgboost(version, warehouse, features)]
    if model_type in SCORED_BY_JOIN:
        return [_linear(version, warehouse, function, name)]
    if model_type == "blend":
        hyper = json.loads(version.get("hyperparameters") or "{}")
        parts = [c["name"] if isinstance(c, dict) else c for c in hyper.get("components", [])]
        return [("dbt (any warehouse)", f"A blend of {' and '.join(parts)}: weight {hyper.get('weight')} on the "
                 "first; scored in SQL from the components' own scoring, no standalone function.",
                 f"{{{{ dwhml.predict(ref('{name}'), ref('your_vectors_with_ids')) }}}}")]
    if model_type in ("lda", "kmeans"):
        return [_topics(version, warehouse, function, name)]
    raise ValueError(f"model {name}: no sample SQL for model_type {model_type!r}")


def _topics(version: dict, warehouse: str, function: str, name: str) -> tuple[str, str, str]:
    """A topic model's tables, and for k-means the assignment of any vectors by the SQL join."""
    if version["model_type"] == "lda":
        return (WAREHOUSE_NAMES[warehouse], "The current version's tables, replaced together on each new version.",
                f"select topic, rank, word, weight from {name}__topic_words where rank <= 10 order by topic, rank;\n"
                f"select id, topic, probability from {name}__dominant_topics;\n"
                f"-- each user's topics from an event log (user_id, text_id, event_at):\n"
                f"-- {{{{ dwhml.topic_preferences_sql(ref('events'), dwhml.model_table(ref('{name}'), 'text_topics')) }}}}")
    if warehouse == "duckdb":
        return ("DuckDB", "A table macro over any table of the model's vector columns: the nearest centroid by a "
                "join in plain SQL, any client.",
                f"select id, topic, squared_distance\nfrom {function}('main.text_vectors');")
    return (WAREHOUSE_NAMES[warehouse], "The nearest centroid by a join in SQL over the version's centroid table.",
            f"-- dbt compile --inline \"{{{{ dwhml.topics(ref('{name}'), 'my_schema.my_vectors') }}}}\"")


def _linear(version: dict, warehouse: str, function: str, name: str) -> tuple[str, str, str]:
    """A linear model (sparse or baseline): its function over an (id, feature, weight) table, where there is one."""
    relation = _relation_name(version.get("feature_relation"))
    if warehouse == "bigquery":
        dataset = ".".join(_warehouse_model(version).split(".")[:-1])
        return ("BigQuery", "A table function over any (id, feature, weight) table, replaced on each promotion; "
                "the join of dwhml.predict (docs/bigquery.md). Generated, not run: dwhml has not run on BigQuery.",
                f"select id, predicted_label, predicted_probability\nfrom `{dataset}.{function}`(table `{relation}`);")
    if warehouse == "redshift":
        schema = version.get("schema") or "your_schema"
        return ("Redshift", "No table functions on Redshift: the late-binding scores view (meta.dwhml.scores_from), "
                "or the join dwhml.predict compiles, over the version's tables (docs/redshift.md). Generated, not "
                "run: dwhml has not run on a Redshift cluster.",
                f"select id, predicted_label, predicted_probability, model_version from {schema}.{name}_scores;\n"
                f"-- rows of your own: dbt compile --inline \"{{{{ dwhml.predict(ref('{name}'), 'my_schema.my_features') }}}}\"")
    return ("DuckDB", "A table macro over the (id, feature, weight) table: plain SQL, any client.",
            f"select id, predicted_label, predicted_probability\nfrom {function}('{relation}');")
