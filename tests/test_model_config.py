"""Hyperparameters of the DuckDB plugin's trainers: types (a boolean is not a number) and ranges are checked
before training, in dwhml's words, naming the model and the key."""
import pytest

from python_udfs.model_config import hyperparameters


@pytest.mark.parametrize("model_type,given,message", [
    ("xgboost", {"eta": True}, "hyperparameter 'eta' must be float, got True"),
    ("xgboost", {"num_round": False}, "hyperparameter 'num_round' must be int, got False"),
    ("xgboost", {"max_depth": -1}, "hyperparameter 'max_depth' must be >= 0, got -1"),
    ("xgboost", {"eta": 0}, "hyperparameter 'eta' must be > 0.0, got 0.0"),
    ("xgboost", {"subsample": 1.5}, "hyperparameter 'subsample' must be > 0.0 and <= 1.0, got 1.5"),
    ("xgboost", {"num_round": 2.5}, "hyperparameter 'num_round' must be int, got 2.5"),
    ("sparse_linear", {"c": -1.0}, "hyperparameter 'c' must be > 0.0, got -1.0"),
    ("blend", {"weight": 1.2}, "hyperparameter 'weight' must be >= 0.0 and <= 1.0, got 1.2"),
    ("lda", {"stop_words": "english"}, "hyperparameter 'stop_words' must be 'default' or 'none'"),
    ("lda", {"top_words": 5}, "hyperparameter 'top_words' must be >= 10, got 5"),
    ("kmeans", {"num_clusters": 1}, "hyperparameter 'num_clusters' must be >= 2, got 1"),
])
def test_wrong_types_and_ranges_fail_naming_the_model_and_key(model_type, given, message):
    with pytest.raises(ValueError, match=f"model 'm': {message}".replace("(", r"\(").replace(")", r"\)")):
        hyperparameters("m", model_type, given)


def test_integers_widen_to_floats_and_defaults_fill_in():
    params = hyperparameters("m", "xgboost", {"eta": 1, "max_depth": 0})
    assert params["eta"] == 1.0 and isinstance(params["eta"], float) and params["max_depth"] == 0
    assert params["num_round"] == 100


def test_the_packages_spec_is_the_plugins(tmp_path):
    # ml_config checks every target with the Jinja spec; the plugin and leaderboard train with this module's copy.
    import json

    from dbt_runner import DbtProject
    from dwhml.client_training import TRAINED_ON_THE_CLIENT, fitted_parts
    from python_udfs.model_config import (CHOICES, DEFAULTS, MODEL_TYPES, RANGES, SCORED_BY_JOIN,
                                          XGBOOST_ENGINE_SETTINGS)

    by_join = ", ".join(f"dwhml.scored_by_join('{t}')" for t in MODEL_TYPES)
    result = DbtProject(tmp_path).dbt("compile", "--quiet", "--inline",
                                      "{{ tojson([dwhml.hyperparameter_defaults(), dwhml.hyperparameter_ranges(),"
                                      f" dwhml.xgboost_engine_settings(), [{by_join}],"
                                      " dwhml.hyperparameter_choices(), dwhml.tuned_model_types(),"
                                      " {'lda': dwhml.topic_model_tables('lda'), 'kmeans': dwhml.topic_model_tables('kmeans')},"
                                      f" [{', '.join(f'dwhml.client_fit_parts({t!r})' for t in TRAINED_ON_THE_CLIENT)}]]) }}}}")
    assert result.returncode == 0, result.stdout[-2000:]
    defaults, ranges, engine, by_join, choices, tuned, topic_tables, client_parts = json.loads(
        result.stdout.strip().splitlines()[-1])
    from python_udfs.training import TUNED_FAMILIES
    assert tuple(tuned) == TUNED_FAMILIES
    # The tables the client writes back per model type, the last one marking a version fitted.
    assert [tuple(p) for p in client_parts] == [fitted_parts(t) for t in TRAINED_ON_THE_CLIENT]
    # The tables a topic model version writes and the materialization loads.
    from python_udfs.topics import TOPIC_TABLES
    assert {k: tuple(v) for k, v in topic_tables.items()} == TOPIC_TABLES
    assert {k: tuple(v) for k, v in choices.items()} == CHOICES
    assert engine == XGBOOST_ENGINE_SETTINGS
    # The macros and the trainer agree on which model types are fitted on feature rows and scored by a join.
    assert [t for t, joined in zip(MODEL_TYPES, by_join) if joined] == sorted(SCORED_BY_JOIN, key=MODEL_TYPES.index)
    assert defaults == DEFAULTS
    assert {k: tuple(v) for k, v in ranges.items()} == RANGES
    for model_type, names in defaults.items():  # int stays int, float stays float
        assert {k: type(v) for k, v in names.items()} == {k: type(v) for k, v in DEFAULTS[model_type].items()}


def test_the_plugins_xgboost_starts_where_the_warehouses_xgboost_does():
    # XGBoost >= 2 would estimate the initial score from the labels (0.25 here); Redshift's and BigQuery's
    # XGBoost start at 0.5, so the plugin does too, with the histogram method both warehouses are sent.
    import json

    import numpy as np

    from python_udfs.training import fit_xgboost

    features, labels = np.array([[0.0], [1.0], [2.0], [3.0]] * 10), np.array([0, 0, 0, 1] * 10)
    booster = fit_xgboost(features, labels, "binary_classification", hyperparameters("m", "xgboost", {"num_round": 2}), 2)
    learner = json.loads(booster.save_config())["learner"]
    assert float(learner["learner_model_param"]["base_score"].strip("[]")) == 0.5
    assert learner["gradient_booster"]["gbtree_train_param"]["tree_method"] == "hist"


def test_the_classes_and_positive_class_order_is_the_plugins(tmp_path):
    # The warehouses order a model's classes in Jinja (training_classes); the plugin in Python (_classes).
    import json

    import pyarrow as pa

    from dbt_runner import DbtProject
    from python_udfs.training import _classes

    cases = [("binary_classification", ["雇用", "その他"], None), ("binary_classification", ["雇用", "その他"], "雇用"),
             ("binary_classification", ["b", "a"], "a"), ("binary_classification", [1, 0], None),
             ("binary_classification", [1, 0], 0), ("multiclass_classification", ["家計動向", "企業動向", "雇用"], None)]
    jinja = []
    for problem, values, positive in cases:
        rows = ", ".join(f"({json.dumps(v, ensure_ascii=False).replace(chr(34), chr(39))})" for v in values)
        cfg = {"name": "m", "problem_type": problem, "target": "label", "positive_class": positive}
        jinja.append("{% if execute %}{{ tojson(dwhml.training_classes(" + json.dumps(cfg, ensure_ascii=False)
                     .replace("null", "none") + ", \"select * from (values " + rows + ") as t(label)\")) }}{% endif %}")
    result = DbtProject(tmp_path).dbt("compile", "--quiet", "--inline", " ||| ".join(jinja))
    assert result.returncode == 0, result.stdout[-2000:]
    compiled = [json.loads(piece) for piece in result.stdout.strip().splitlines()[-1].split(" ||| ")]
    expected = [_classes("m", pa.chunked_array([pa.array(values)]), problem, positive) for problem, values, positive in cases]
    assert compiled == expected
    assert expected[1] == ["その他", "雇用"] and expected[2] == ["b", "a"] and expected[4] == [1, 0]
