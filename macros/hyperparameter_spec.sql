{#- dwhml's hyperparameters: per model_type the names and their defaults, and the allowed ranges
    ([lowest, highest, lowest excluded]). ml_config checks every model's hyperparameters against them on
    every target before any data moves. The DuckDB plugin and the leaderboard train with the same values
    from python_udfs/model_config.py (Python cannot read a macro); tests/test_model_config.py compiles
    these and requires them equal. -#}
{% macro hyperparameter_defaults() %}
  {{ return({
    'xgboost': {'num_round': 100, 'max_depth': 6, 'eta': 0.3, 'subsample': 1.0, 'colsample_bytree': 1.0,
                'min_child_weight': 1.0, 'gamma': 0.0, 'lambda': 1.0, 'alpha': 0.0, 'max_bin': 256, 'seed': 0},
    'bow_linear_svc': {'c': 1.0, 'max_iter': 5000, 'weighting': 'count'},
    'sparse_linear': {'c': 0.5, 'max_iter': 5000, 'min_df': 2, 'char_ngram_max': 3},
    'blend': {'weight': 0.5},
    'lda': {'num_topics': 10, 'doc_topic_prior': 0.1, 'topic_word_prior': 0.01, 'iterations': 200,
            'min_df': 5, 'max_df': 0.5, 'stop_words': 'default', 'top_words': 20, 'seed': 0},
    'kmeans': {'num_clusters': 10, 'n_init': 4, 'max_iter': 300, 'seed': 0},
  }) }}
{% endmacro %}

{#- How dwhml's XGBoost trains on every engine, beyond the hyperparameters: the histogram tree method
    (XGBoost >= 2 on DuckDB; Redshift's SageMaker XGBoost defaults to 'auto', BigQuery ML's AUTO is HIST) and
    the initial score 0.5 (XGBoost >= 2 estimates it from the data; the warehouses' XGBoost 0.9-1.x starts
    at 0.5). Redshift gets both as hyperparameters, BigQuery TREE_METHOD (its XGBoost starts at 0.5 with no
    option), the plugin passes both to xgboost.train. -#}
{% macro xgboost_engine_settings() %}
  {{ return({'tree_method': 'hist', 'base_score': 0.5}) }}
{% endmacro %}

{#- The hyperparameters a model trains with: dwhml's default for each key it does not set, except keys
    BigQuery tunes (`tuned`). One set of values whatever the engine, recorded in the registry and part of
    the version's identity (a changed default is a new version). -#}
{% macro resolved_hyperparameters(model_type, given, tuned) %}
  {%- set resolved = {} -%}
  {%- for key, value in dwhml.hyperparameter_defaults()[model_type].items() if key not in tuned -%}
    {%- do resolved.update({key: given.get(key, value)}) -%}
  {%- endfor -%}
  {{ return(resolved) }}
{% endmacro %}

{% macro hyperparameter_ranges() %}
  {{ return({
    'num_round': [1, none, false], 'max_depth': [0, none, false], 'eta': [0.0, none, true],
    'subsample': [0.0, 1.0, true], 'colsample_bytree': [0.0, 1.0, true], 'min_child_weight': [0.0, none, false],
    'gamma': [0.0, none, false], 'lambda': [0.0, none, false], 'alpha': [0.0, none, false], 'max_bin': [2, none, false],
    'c': [0.0, none, true], 'max_iter': [1, none, false], 'min_df': [1, none, false],
    'char_ngram_max': [1, none, false], 'weight': [0.0, 1.0, false],
    'num_topics': [2, none, false], 'doc_topic_prior': [0.0, none, true], 'topic_word_prior': [0.0, none, true],
    'iterations': [1, none, false], 'max_df': [0.0, 1.0, true], 'top_words': [10, none, false],
    'num_clusters': [2, none, false], 'n_init': [1, none, false],
  }) }}
{% endmacro %}

{#- Hyperparameters that take one of a few words (python_udfs/model_config.CHOICES). -#}
{% macro hyperparameter_choices() %}
  {{ return({'weighting': ['count', 'tfidf'], 'stop_words': ['default', 'none']}) }}
{% endmacro %}

{#- Check meta.dwhml.hyperparameters of a model: known names for its model_type, the defaults' types (an
    integer where the default is one, true/false never a number), the ranges; fails naming model and key. -#}
{% macro check_hyperparameters(name, model_type, given) %}
  {%- set defaults = dwhml.hyperparameter_defaults()[model_type] -%}
  {%- set ranges = dwhml.hyperparameter_ranges() -%}
  {%- for key, value in given.items() -%}
    {%- set where = "dwhml: model '" ~ name ~ "': " -%}
    {%- if key not in defaults -%}
      {{ exceptions.raise_compiler_error(where ~ "unknown hyperparameter '" ~ key ~ "' for model_type '" ~ model_type ~ "' (known: " ~ defaults.keys() | sort | join(', ') ~ ")") }}
    {%- endif -%}
    {%- if value is sameas true or value is sameas false -%}
      {{ exceptions.raise_compiler_error(where ~ "meta.dwhml.hyperparameters." ~ key ~ " must be a number or a string, not " ~ (value | string | lower)) }}
    {%- endif -%}
    {%- set default = defaults[key] -%}
    {%- set expected = 'str' if default is string else ('int' if default is integer else 'float') -%}
    {%- if (expected == 'str' and value is not string) or (expected != 'str' and value is not number)
          or (expected == 'int' and value is not integer) -%}
      {{ exceptions.raise_compiler_error(where ~ "hyperparameter '" ~ key ~ "' must be " ~ expected ~ ", got " ~ value) }}
    {%- endif -%}
    {%- if key in ranges -%}
      {%- set low, high, open_low = ranges[key] -%}
      {%- if value < low or (open_low and value == low) or (high is not none and value > high) -%}
        {{ exceptions.raise_compiler_error(where ~ "hyperparameter '" ~ key ~ "' must be " ~ ('>' if open_low else '>=') ~ " " ~ low
              ~ (" and <= " ~ high if high is not none else "") ~ ", got " ~ value) }}
      {%- endif -%}
    {%- endif -%}
  {%- endfor -%}
  {%- for key, allowed in dwhml.hyperparameter_choices().items() if key in given and given[key] not in allowed -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ name ~ "': hyperparameter '" ~ key ~ "' must be '" ~ allowed | join("' or '") ~ "'") }}
  {%- endfor -%}
{% endmacro %}
