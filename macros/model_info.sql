{#- The current version of an ml_model, read from its info table (placeholders while parsing);
    an info dict is returned as it is (compiling SQL for a fixed version, as the golden tests do). -#}
{% macro model_info(model) %}
  {%- if model is mapping and 'model_version' in model -%}{{ return(model) }}{%- endif -%}
  {%- if not execute -%}
    {{ return({'model_name': model.identifier, 'model_version': 'unknown', 'problem_type': 'binary_classification',
               'model_type': 'xgboost', 'target': 'target', 'features': ['x'], 'classes': [0, 1],
               'artifact_location': '', 'function_name': '', 'feature_relation': none,
               'hyperparameters': {}, 'relation': model, 'model_database': none, 'model_schema': none,
               'model_identifier': none}) }}
  {%- endif -%}
  {#- Every column by name: an info table an older release wrote lacks the newer ones (none). -#}
  {%- set result = run_query("select * from " ~ model) -%}
  {%- if result.rows | length != 1 -%}
    {{ exceptions.raise_compiler_error("dwhml: " ~ model ~ " is not a trained ml_model (expected one row, found " ~ result.rows | length ~ ")") }}
  {%- endif -%}
  {{ return(dwhml.info_from_row(result.rows[0], model)) }}
{% endmacro %}

{#- The registry columns a version's info is read from (the info table is a registry row). -#}
{% macro info_columns() %}
  {{ return(['model_name', 'model_version', 'problem_type', 'model_type', 'target', 'features', 'classes',
             'artifact_location', 'function_name', 'feature_relation', 'hyperparameters', 'model_database',
             'model_schema', 'model_identifier', 'embedding_version']) }}
{% endmacro %}

{% macro info_from_row(row, model) %}
  {%- set info = {'relation': model} -%}
  {%- set present = row.keys() | list -%}
  {%- for column in dwhml.info_columns() -%}
    {%- set value = row[column] if column in present else none -%}
    {%- do info.update({column: fromjson(value) if column in ['features', 'classes', 'hyperparameters'] else value}) -%}
  {%- endfor -%}
  {%- if dwhml.scored_by_join(info.model_type) and info.model_identifier -%}
    {#- Fitted on the client for a warehouse: its tables are the version's own (train_on_the_client). -#}
    {%- do info.update({'tables': dwhml.candidate_weight_tables(info)}) -%}
  {%- endif -%}
  {{ return(info) }}
{% endmacro %}

{#- A literal for a class value: numbers as numbers, text escaped. -#}
{% macro class_literal(value) %}
  {%- if value is number -%}{{ return(value | string) }}{%- endif -%}
  {{ return(dwhml.string_literal(value)) }}
{% endmacro %}

{#- A companion table of a model (its weights): <model relation>__<suffix>. -#}
{% macro model_table(model, suffix) %}
  {%- if model.identifier is defined -%}
    {{ return(model.incorporate(path={'identifier': model.identifier ~ '__' ~ suffix})) }}
  {%- endif -%}
  {{ return(model ~ '__' ~ suffix) }}
{% endmacro %}

{#- Another ml_model in the same schema as `model` (a blend's components). -#}
{% macro sibling_model(model, name) %}
  {%- if model.identifier is defined -%}
    {{ return(model.incorporate(path={'identifier': name})) }}
  {%- endif -%}
  {%- set parts = (model | string).split('.') -%}
  {{ return((parts[:-1] + [name]) | join('.')) }}
{% endmacro %}

{#- The info of one recorded version of `model` (its registry row), scorable even when it is no longer
    the current version: a sparse_linear version's weights are then read from its artifact. -#}
{% macro pinned_version_info(model, version) %}
  {%- set current = dwhml.model_info(model) -%}
  {%- if not execute or current.model_version == version -%}
    {{ return(current) }}
  {%- endif -%}
  {%- set lit = dwhml.string_literal -%}
  {%- set result = run_query("select " ~ dwhml.info_columns() | join(', ') ~ " from "
        ~ dwhml.model_registry_relation() ~ " where model_name = " ~ lit(current.model_name)
        ~ " and model_version = " ~ lit(version) ~ " order by recorded_at desc limit 1") -%}
  {%- if result.rows | length != 1 -%}
    {{ exceptions.raise_compiler_error("dwhml: version " ~ version ~ " of " ~ model ~ " is not in the registry") }}
  {%- endif -%}
  {%- set info = dwhml.info_from_row(result.rows[0], model) -%}
  {%- do info.update({'tables': dwhml.candidate_weight_tables(info)}) -%}
  {{ return(info) }}
{% endmacro %}

{#- The warehouse's own model object of a version (Redshift ML, BigQuery ML), from its registry columns,
    each part quoted by `quote`: e.g. `project`.`dataset`.`model`. Never split out of a string: BigQuery
    project ids may hold dots and colons. -#}
{% macro warehouse_model_name(info, quote=none) %}
  {%- set parts = [] -%}
  {%- for part in [info.get('model_database'), info.get('model_schema'), info.get('model_identifier')] if part -%}
    {%- do parts.append(quote(part) if quote else part) -%}
  {%- endfor -%}
  {{ return(parts | join('.')) }}
{% endmacro %}
