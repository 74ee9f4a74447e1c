{#- Pieces of the BigQuery ML path used only by the bigquery__ variants. The SQL builders run nothing
    and are golden-tested. -#}

{#- dwhml's hyperparameter names (XGBoost's, as on DuckDB and Redshift) -> BigQuery ML options. -#}
{% macro bigquery_option_name(cfg, name) %}
  {%- set boosted = {'num_round': 'max_iterations', 'max_depth': 'max_tree_depth', 'eta': 'learn_rate',
                     'subsample': 'subsample', 'colsample_bytree': 'colsample_bytree', 'min_child_weight': 'min_tree_child_weight',
                     'gamma': 'min_split_loss', 'lambda': 'l2_reg', 'alpha': 'l1_reg'} -%}
  {%- set logistic = {'num_round': 'max_iterations', 'eta': 'learn_rate', 'lambda': 'l2_reg', 'alpha': 'l1_reg'} -%}
  {%- set mapping = logistic if cfg.bigquery.model_type == 'logistic_reg' else boosted -%}
  {%- if name not in mapping -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': hyperparameter '" ~ name ~ "' has no BigQuery ML " ~ cfg.bigquery.model_type ~ " option (known: " ~ mapping.keys() | sort | join(', ') ~ "; docs/bigquery.md)") }}
  {%- endif -%}
  {{ return(mapping[name]) }}
{% endmacro %}

{#- BigQuery ML's INT64 options among those dwhml maps to (the boosted tree CREATE MODEL reference):
    a float there is refused by BigQuery, so an integral float is sent as an integer and any other
    value fails here, naming the model and the key. -#}
{% macro bigquery_integer_value(cfg, key, option, value) %}
  {%- if option not in ['max_iterations', 'max_tree_depth', 'min_tree_child_weight'] -%}
    {{ return(value) }}
  {%- endif -%}
  {%- if value is not number or value is sameas true or value is sameas false or value != value | int -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': " ~ key ~ " is BigQuery ML's " ~ option | upper ~ ", an integer option; got " ~ value) }}
  {%- endif -%}
  {{ return(value | int) }}
{% endmacro %}

{#- The CREATE MODEL spec's option lists from the model's config. -#}
{% macro bigquery_model_options(cfg) %}
  {%- set options, ranges, candidates = [], [], [] -%}
  {%- set integer = dwhml.bigquery_integer_value -%}
  {%- set defaults = dwhml.hyperparameter_defaults()['xgboost'] -%}
  {#- No BigQuery option for max_bin and seed: at dwhml's default (XGBoost's max_bin 256; seed 0) nothing is
      sent, another value fails in bigquery_option_name. -#}
  {%- for name, value in cfg.hyperparameters | dictsort
        if not (name in ['max_bin', 'seed'] and value == defaults[name] and cfg.bigquery.model_type == 'boosted_tree') -%}
    {%- set option = dwhml.bigquery_option_name(cfg, name) -%}
    {%- do options.append((option, integer(cfg, 'meta.dwhml.hyperparameters.' ~ name, option, value))) -%}
  {%- endfor -%}
  {#- BigQuery ML tunes neither MAX_ITERATIONS nor a logistic regression's LEARN_RATE (plain values only). -#}
  {%- set untunable = ['num_round'] + (['eta'] if cfg.bigquery.model_type == 'logistic_reg' else []) -%}
  {%- for name in (cfg.bigquery.ranges.keys() | list) + (cfg.bigquery.candidates.keys() | list) if name in untunable -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': meta.dwhml.bigquery: " ~ name ~ " is BigQuery ML's " ~ dwhml.bigquery_option_name(cfg, name) | upper ~ ", which takes no HPARAM_RANGE or HPARAM_CANDIDATES; set it in meta.dwhml.hyperparameters") }}
  {%- endfor -%}
  {%- for name, bounds in cfg.bigquery.ranges | dictsort -%}
    {%- set option = dwhml.bigquery_option_name(cfg, name) -%}
    {%- set key = 'meta.dwhml.bigquery.ranges.' ~ name -%}
    {%- do ranges.append((option, [integer(cfg, key, option, bounds[0]), integer(cfg, key, option, bounds[1])])) -%}
  {%- endfor -%}
  {%- for name, values in cfg.bigquery.candidates | dictsort -%}
    {%- set option = dwhml.bigquery_option_name(cfg, name) -%}
    {%- set checked = [] -%}
    {%- for value in values -%}
      {%- do checked.append(integer(cfg, 'meta.dwhml.bigquery.candidates.' ~ name, option, value)) -%}
    {%- endfor -%}
    {%- do candidates.append((option, checked)) -%}
  {%- endfor -%}
  {%- if cfg.bigquery.model_type == 'boosted_tree' -%}
    {#- dwhml's XGBoost on every engine: the same tree method; every round of num_round trained (BigQuery
        would stop once the training loss improves by less than 1%); XGBoost 1.1, not 0.9. -#}
    {%- do options.append(('tree_method', dwhml.xgboost_engine_settings().tree_method | upper)) -%}
    {%- do options.append(('early_stop', false)) -%}
    {%- do options.append(('xgboost_version', '1.1')) -%}
  {%- endif -%}
  {%- if cfg.bigquery.model_type == 'logistic_reg' and 'eta' in cfg.hyperparameters -%}
    {%- do options.append(('learn_rate_strategy', 'CONSTANT')) -%}
  {%- endif -%}
  {{ return({'options': options, 'ranges': ranges, 'candidates': candidates}) }}
{% endmacro %}

{#- One scan: the row count and an order-independent fingerprint of the training rows. -#}
{% macro bigquery_fingerprint_sql(sql) -%}
select
    count(*) as row_count,
    sum(mod(farm_fingerprint(to_json_string(t)), 1000000007)) as fingerprint
from (
{{ sql }}
) as t
{%- endmacro %}

{#- A version's model: <name>__<version> in the model's dataset. -#}
{% macro bigquery_version_relation(cfg, version) %}
  {{ return(this.incorporate(path={'identifier': cfg.name ~ '__' ~ version}, type='table')) }}
{% endmacro %}

{#- The predicted label's probability from ML.PREDICT's predicted_<label>_probs. -#}
{% macro bigquery_probability(probs, wanted) -%}
(select class_prob.prob from unnest({{ probs }}) as class_prob where class_prob.label = {{ wanted }})
{%- endmacro %}
