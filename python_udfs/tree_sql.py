"""Compile an XGBoost booster to plain SQL expressions (nested CASE per tree).

The expressions use only CASE, comparisons, arithmetic and exp(), so the same
text is valid on DuckDB, Redshift and BigQuery; DuckDB stores it as a macro
that any client can call.
"""
from __future__ import annotations

import json
import math

import numpy as np


def sql_double(value: float) -> str:
    """Exact literal of a float32 value, typed DOUBLE on every engine (exponent form)."""
    text = repr(float(np.float32(value)))
    if text in ("inf", "-inf", "nan"):
        raise ValueError(f"cannot compile non-finite value {text} to SQL")
    return text if "e" in text else text + "e0"


def _node_sql(node: dict, features: list[str]) -> str:
    if "leaf" in node:
        return sql_double(node["leaf"])
    children = {child["nodeid"]: child for child in node["children"]}
    column = features[int(node["split"][1:])] if node["split"].startswith("f") and node["split"][1:].isdigit() \
        else node["split"]
    condition = f"{column} < {sql_double(node['split_condition'])}"
    if node.get("missing") == node["yes"]:
        condition = f"({condition} or {column} is null)"
    yes = _node_sql(children[node["yes"]], features)
    no = _node_sql(children[node["no"]], features)
    return f"case when {condition} then {yes} else {no} end"


def base_margin(booster) -> list[float]:
    """XGBoost's base_score, in margin space, per output group."""
    config = json.loads(booster.save_config())
    learner = config["learner"]
    raw = learner["learner_model_param"]["base_score"].strip("[]")
    scores = [float(s) for s in raw.split(",")]
    objective = learner["objective"]["name"]
    if objective == "binary:logistic":
        return [math.log(s / (1 - s)) for s in scores]
    if objective in ("multi:softprob", "multi:softmax"):
        return [0.0] * int(learner["learner_model_param"]["num_class"]) if len(scores) == 1 and scores[0] == 0.5 \
            else scores
    return scores  # reg:squarederror adds base_score as is


def balanced_sum(terms: list[str]) -> str:
    """a + b + c ... as a balanced tree: DuckDB plans and runs a left-deep chain of
    200 tree CASEs 5x slower to plan and ~20x slower to run (docs/decisions/0004)."""
    if len(terms) == 1:
        return terms[0]
    middle = len(terms) // 2
    return f"({balanced_sum(terms[:middle])} + {balanced_sum(terms[middle:])})"


def margin_sql(booster, features: list[str], n_groups: int) -> list[str]:
    """One SQL expression per output group: base margin + sum of that group's trees."""
    trees = [json.loads(t) for t in booster.get_dump(dump_format="json")]
    bases = base_margin(booster)
    if len(bases) == 1 and n_groups > 1:
        bases = bases * n_groups
    groups: list[list[str]] = [[] for _ in range(n_groups)]
    for i, tree in enumerate(trees):
        groups[i % n_groups].append(_node_sql(tree, features))
    return [balanced_sum([sql_double(base)] + parts) for base, parts in zip(bases, groups)]


def sql_value(value) -> str:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"unsupported class value {value!r}")
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def macro_ddl(booster, meta: dict, function_name: str, schema: str | None = None) -> list[str]:
    """DuckDB macros: ``<fn>(features...)`` -> label (or value); ``<fn>_probability(...)``.

    binary: probability of the positive class; multiclass: of the predicted class.
    """
    features = meta["features"]
    qualified = (schema + "." if schema else "") + function_name
    args = ", ".join(features)
    problem = meta["problem_type"]
    classes = meta["classes"]
    if problem == "regression":
        return [f"create or replace macro {qualified}({args}) as {margin_sql(booster, features, 1)[0]}"]
    if problem == "binary_classification":
        prob = f"1.0 / (1.0 + exp(-({margin_sql(booster, features, 1)[0]})))"
        return [
            f"create or replace macro {qualified}_probability({args}) as {prob}",
            f"create or replace macro {qualified}({args}) as case when {qualified}_probability({args}) >= 0.5 "
            f"then {sql_value(classes[1])} else {sql_value(classes[0])} end",
        ]
    margins = margin_sql(booster, features, len(classes))
    class_list = "[" + ", ".join(sql_value(c) for c in classes) + "]"
    return [
        f"create or replace macro {qualified}__scores({args}) as [{', '.join(margins)}]",
        f"create or replace macro {qualified}({args}) as list_transform([{qualified}__scores({args})], "
        f"lambda s: ({class_list})[list_position(s, list_max(s))])[1]",
        f"create or replace macro {qualified}_probability({args}) as list_transform([{qualified}__scores({args})], "
        f"lambda s: exp(list_max(s)) / list_sum(list_transform(s, lambda v: exp(v))))[1]",
    ]
