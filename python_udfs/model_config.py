"""Hyperparameters and problem types shared by training and the SQL macros' validation."""
from __future__ import annotations

PROBLEM_TYPES = ("binary_classification", "multiclass_classification", "regression", "topic_model")
MODEL_TYPES = ("xgboost", "bow_linear_svc", "sparse_linear", "blend", "lda", "kmeans")
# The model types of problem_type topic_model (python_udfs/topics.py): no target; LDA on (id, feature, weight)
# word rows, k-means on (id, numeric columns...).
TOPIC_MODEL_TYPES = ("lda", "kmeans")
# Linear models fitted on (id, feature, weight) rows and scored by a SQL join on every target
# (python_udfs/sparse_linear.py; macros/scored_by_join.sql says the same to the macros).
SCORED_BY_JOIN = ("sparse_linear", "bow_linear_svc")

# Names follow Redshift ML's XGBoost hyperparameters (lower-cased) so one
# config means the same on every target.
XGBOOST_HYPERPARAMETERS = {
    "num_round": 100, "max_depth": 6, "eta": 0.3, "subsample": 1.0, "colsample_bytree": 1.0,
    "min_child_weight": 1.0, "gamma": 0.0, "lambda": 1.0, "alpha": 0.0, "max_bin": 256, "seed": 0,
}
# How XGBoost trains on every engine beyond the hyperparameters (macros/hyperparameter_spec.sql's
# xgboost_engine_settings): the histogram method, and the warehouses' initial score 0.5 (XGBoost >= 2 would
# estimate it from the data).
XGBOOST_ENGINE_SETTINGS = {"tree_method": "hist", "base_score": 0.5}
# weighting: "count" (the talk's bag of words) or "tfidf" (the stronger reference baseline), over the word
# features of the feature relation (the tokens `dwhml embed` wrote).
BOW_LINEAR_SVC_HYPERPARAMETERS = {"c": 1.0, "max_iter": 5000, "weighting": "count"}
# char_ngram_max: the longest character n-gram learnt from (the feature relation has 1..3 by default).
SPARSE_LINEAR_HYPERPARAMETERS = {"c": 0.5, "max_iter": 5000, "min_df": 2, "char_ngram_max": 3}
# weight: share of the first component's probability (the second gets 1 - weight).
BLEND_HYPERPARAMETERS = {"weight": 0.5}
# Priors named as scikit-learn names them; max_df is a share of the texts; stop_words "default" (python_udfs/
# topics.py's Japanese list and symbol rule) or "none"; iterations of Gibbs sampling (docs/decisions/0015).
LDA_HYPERPARAMETERS = {"num_topics": 10, "doc_topic_prior": 0.1, "topic_word_prior": 0.01, "iterations": 200,
                       "min_df": 5, "max_df": 0.5, "stop_words": "default", "top_words": 20, "seed": 0}
KMEANS_HYPERPARAMETERS = {"num_clusters": 10, "n_init": 4, "max_iter": 300, "seed": 0}
# Allowed ranges: (lowest, highest, lowest excluded); a value outside fails naming the model and key.
RANGES = {
    "num_round": (1, None, False), "max_depth": (0, None, False), "eta": (0.0, None, True),
    "subsample": (0.0, 1.0, True), "colsample_bytree": (0.0, 1.0, True), "min_child_weight": (0.0, None, False),
    "gamma": (0.0, None, False), "lambda": (0.0, None, False), "alpha": (0.0, None, False), "max_bin": (2, None, False),
    "c": (0.0, None, True), "max_iter": (1, None, False), "min_df": (1, None, False),
    "char_ngram_max": (1, None, False), "weight": (0.0, 1.0, False),
    "num_topics": (2, None, False), "doc_topic_prior": (0.0, None, True), "topic_word_prior": (0.0, None, True),
    "iterations": (1, None, False), "max_df": (0.0, 1.0, True), "top_words": (10, None, False),
    "num_clusters": (2, None, False), "n_init": (1, None, False),
}
DEFAULTS = {"xgboost": XGBOOST_HYPERPARAMETERS, "bow_linear_svc": BOW_LINEAR_SVC_HYPERPARAMETERS,
            "sparse_linear": SPARSE_LINEAR_HYPERPARAMETERS, "blend": BLEND_HYPERPARAMETERS,
            "lda": LDA_HYPERPARAMETERS, "kmeans": KMEANS_HYPERPARAMETERS}
# Hyperparameters that take one of a few words.
CHOICES = {"weighting": ("count", "tfidf"), "stop_words": ("default", "none")}


def hyperparameters(model_name: str, model_type: str, given: dict) -> dict:
    defaults = DEFAULTS[model_type]
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise ValueError(f"model {model_name!r}: unknown hyperparameter {unknown[0]!r} for model_type "
                         f"{model_type!r} (known: {', '.join(sorted(defaults))})")
    merged = dict(defaults)
    for key, value in given.items():
        expected = type(defaults[key])
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if isinstance(value, bool) or not isinstance(value, expected):  # true is not 1.0
            raise ValueError(f"model {model_name!r}: hyperparameter {key!r} must be {expected.__name__}, "
                             f"got {value!r}")
        if key in RANGES:
            low, high, open_low = RANGES[key]
            if value < low or (open_low and value == low) or (high is not None and value > high):
                bounds = f"{'>' if open_low else '>='} {low}" + (f" and <= {high}" if high is not None else "")
                raise ValueError(f"model {model_name!r}: hyperparameter {key!r} must be {bounds}, got {value!r}")
        merged[key] = value
    for key, allowed in CHOICES.items():
        if key in merged and merged[key] not in allowed:
            raise ValueError(f"model {model_name!r}: hyperparameter {key!r} must be "
                             f"{' or '.join(repr(a) for a in allowed)}")
    return merged
