"""BigQuery ML's CREATE MODEL option rules, as executable checks (the GoogleSQL analyzer parses OPTIONS
but knows no option of BigQuery ML's).

Each option below is one entry of the reference's `model_option_list` with the type its Arguments
section gives, and whether HPARAM_RANGE / HPARAM_CANDIDATES are allowed for it:
- boosted trees: bigqueryml-syntax-create-boosted-tree (BOOSTED_TREE_CLASSIFIER / _REGRESSOR);
- generalized linear models: bigqueryml-syntax-create-glm (LINEAR_REG / LOGISTIC_REG);
- k-means: bigqueryml-syntax-create-kmeans (KMEANS; its synopsis: no label, no data split options).
`option_violations(sql)` returns every broken rule as "<rule>: <what>" (empty when all hold). What this cannot
see: the training data (label values, row counts), quotas, and every rule the reference does not state.
"""
from __future__ import annotations

import re

REFERENCE = "https://cloud.google.com/bigquery/docs/reference/standard-sql/"
BOOSTED = REFERENCE + "bigqueryml-syntax-create-boosted-tree"
GLM = REFERENCE + "bigqueryml-syntax-create-glm"
KMEANS = REFERENCE + "bigqueryml-syntax-create-kmeans"

# kind: "int" (INT64), "float" (FLOAT64, an integer literal coerces), "bool", "string", "strings" (ARRAY<STRING>),
# or a tuple of the allowed string values. tune: "range" (HPARAM_RANGE and HPARAM_CANDIDATES), "candidates"
# (HPARAM_CANDIDATES only), None (a plain value only). bounds: the documented plain-value limits.
_COMMON = {
    "input_label_cols": ("strings", None), "max_iterations": ("int", None),
    "auto_class_weights": ("bool", None), "enable_global_explain": ("bool", None),
    "early_stop": ("bool", None), "min_rel_progress": ("float", None),
    "data_split_method": (("AUTO_SPLIT", "RANDOM", "CUSTOM", "SEQ", "NO_SPLIT"), None),
    "data_split_eval_fraction": ("float", None), "data_split_test_fraction": ("float", None),
    "data_split_col": ("string", None), "num_trials": ("int", None), "max_parallel_trials": ("int", None),
    "hparam_tuning_algorithm": (("VIZIER_DEFAULT", "RANDOM_SEARCH", "GRID_SEARCH"), None),
    "hparam_tuning_objectives": ("strings", None), "kms_key_name": ("string", None),
    "l1_reg": ("float", "range"), "l2_reg": ("float", "range"),
}
OPTIONS = {
    "boosted_tree": dict(_COMMON, **{
        "model_type": (("BOOSTED_TREE_CLASSIFIER", "BOOSTED_TREE_REGRESSOR"), None),
        "approx_global_feature_contrib": ("bool", None),
        "category_encoding_method": (("ONE_HOT_ENCODING", "TARGET_ENCODING", "LABEL_ENCODING"), None),
        "booster_type": (("GBTREE", "DART"), "candidates"), "dart_normalize_type": (("TREE", "FOREST"), "candidates"),
        "num_parallel_tree": ("int", "range"), "max_tree_depth": ("int", "range"), "dropout": ("float", "range"),
        "learn_rate": ("float", "range"), "tree_method": (("AUTO", "EXACT", "APPROX", "HIST"), "candidates"),
        "min_tree_child_weight": ("int", "range"), "colsample_bytree": ("float", "range"),
        "colsample_bylevel": ("float", "range"), "colsample_bynode": ("float", "range"),
        "min_split_loss": ("float", "range"), "subsample": ("float", "range"),
        "instance_weight_col": ("string", None), "xgboost_version": (("0.9", "1.1"), None),
    }),
    "glm": dict(_COMMON, **{
        "model_type": (("LINEAR_REG", "LOGISTIC_REG"), None),
        "optimize_strategy": (("AUTO_STRATEGY", "BATCH_GRADIENT_DESCENT", "NORMAL_EQUATION"), None),
        "learn_rate_strategy": (("LINE_SEARCH", "CONSTANT"), None), "learn_rate": ("float", None),
        "ls_init_learn_rate": ("float", None), "calculate_p_values": ("bool", None),
        "fit_intercept": ("bool", None), "category_encoding_method": (("ONE_HOT_ENCODING", "DUMMY_ENCODING"), None),
        "warm_start": ("bool", None),
    }),
    "kmeans": {
        "model_type": (("KMEANS",), None), "num_clusters": ("int", "range"),
        "kmeans_init_method": (("RANDOM", "KMEANS++", "CUSTOM"), None), "kmeans_init_col": ("string", None),
        "distance_type": (("EUCLIDEAN", "COSINE"), None), "standardize_features": ("bool", None),
        "max_iterations": ("int", None), "early_stop": ("bool", None), "min_rel_progress": ("float", None),
        "warm_start": ("bool", None), "num_trials": ("int", None), "max_parallel_trials": ("int", None),
        "hparam_tuning_algorithm": (("VIZIER_DEFAULT", "RANDOM_SEARCH", "GRID_SEARCH"), None),
        "hparam_tuning_objectives": ("strings", None), "kms_key_name": ("string", None),
    },
}
# Plain values "between 0 and 1.0" (boosted trees' DROPOUT, COLSAMPLE_*, SUBSAMPLE) or ">= 0" (MIN_TREE_CHILD_WEIGHT).
UNIT_INTERVAL = {"dropout", "colsample_bytree", "colsample_bylevel", "colsample_bynode", "subsample"}
NON_NEGATIVE = {"min_tree_child_weight"}


def _split_top_level(text: str) -> list[str]:
    parts, depth, quote, escaped, start = [], 0, None, False, 0
    for i, ch in enumerate(text):
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def create_model_options(sql: str) -> dict[str, str] | None:
    """The OPTIONS of a CREATE MODEL statement as {lower-case name: value text}; None for other statements."""
    sql = re.sub(r"\A(\s*--[^\n]*\n)*", "", sql)  # leading comment lines
    match = re.match(r"\s*create\s+(or\s+replace\s+)?model\s+(if\s+not\s+exists\s+)?\S+\s+options\s*\(", sql, re.I)
    if not match:
        return None
    depth, i = 1, match.end()
    body_start = i
    while depth:
        if sql[i] == "(":
            depth += 1
        elif sql[i] == ")":
            depth -= 1
        i += 1
    options = {}
    for part in _split_top_level(sql[body_start:i - 1]):
        name, _, value = part.partition("=")
        options[name.strip().lower()] = value.strip()
    return options


def _kind_problem(kind, value: str) -> str | None:
    if isinstance(kind, tuple):
        return None if value.startswith("'") and value.strip("'").upper() in kind else f"one of {', '.join(kind)}"
    checks = {"int": r"-?\d+", "float": r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", "bool": r"(?i:true|false)",
              "string": r"'[^']*'", "strings": r"\[\s*'[^']*'(\s*,\s*'[^']*')*\s*\]"}
    return None if re.fullmatch(checks[kind], value) else {"int": "an INT64", "float": "a FLOAT64", "bool": "a BOOL",
                                                           "string": "a STRING", "strings": "an ARRAY<STRING>"}[kind]


def option_violations(sql: str) -> list[str]:
    options = create_model_options(sql)
    if options is None:
        return []
    model_type = options.get("model_type", "").strip("'").upper()
    family = ("boosted_tree" if model_type.startswith("BOOSTED_TREE") else "glm" if model_type.endswith("_REG")
              else "kmeans" if model_type == "KMEANS" else None)
    if family is None:
        return [f"model-type: MODEL_TYPE {model_type or '(missing)'} is not one this check knows"]
    page = {"boosted_tree": BOOSTED, "glm": GLM, "kmeans": KMEANS}[family]
    known, problems = OPTIONS[family], []
    tuning = int(options.get("num_trials", "1")) > 1
    for name, value in options.items():
        if name not in known:
            problems.append(f"unknown-option ({page}): {name.upper()} is not an option of {model_type}")
            continue
        kind, tune = known[name]
        hparam = re.fullmatch(r"(?i)hparam_(range|candidates)\((.*)\)", value, re.S)
        if hparam:
            how = hparam.group(1).lower()
            if tune is None or (how == "range" and tune != "range"):
                problems.append(f"not-tunable ({page}): {name.upper()} takes no HPARAM_{how.upper()}")
            elif not tuning:
                problems.append(f"tuning ({page}): HPARAM_{how.upper()} for {name.upper()} needs NUM_TRIALS > 1")
            continue
        wrong = _kind_problem(kind, value)
        if wrong:
            problems.append(f"option-type ({page}): {name.upper()} must be {wrong}, got {value}")
        elif name in UNIT_INTERVAL and not 0 <= float(value) <= 1:
            problems.append(f"option-range ({page}): {name.upper()} must be between 0 and 1.0, got {value}")
        elif name in NON_NEGATIVE and float(value) < 0:
            problems.append(f"option-range ({page}): {name.upper()} must be >= 0, got {value}")
    if family == "glm" and "learn_rate" in options and options.get("learn_rate_strategy", "'LINE_SEARCH'").strip("'").upper() != "CONSTANT":
        problems.append(f"learn-rate ({GLM}): LEARN_RATE with LEARN_RATE_STRATEGY LINE_SEARCH (the default) "
                        "\"returns an error\"")
    return problems
