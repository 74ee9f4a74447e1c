{#- Fail before any training when the SELECT lacks the target or has a non-numeric feature. -#}
{% macro check_training_columns(cfg, sql) %}
  {%- set columns = dwhml.describe_query(sql) -%}
  {%- set names = columns | map(attribute='name') | list -%}
  {%- if cfg.problem_type == 'topic_model' -%}
    {{ return(dwhml.check_topic_model_columns(cfg, columns)) }}
  {%- endif -%}
  {%- if cfg.target not in names -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': meta.dwhml.target column '" ~ cfg.target ~ "' is not in the SELECT (columns: " ~ names | join(', ') ~ ")") }}
  {%- endif -%}
  {%- set features = columns | rejectattr('name', 'equalto', cfg.target) | list -%}
  {%- if dwhml.scored_by_join(cfg.model_type) -%}
    {%- set by_name = {} -%}
    {%- for column in features -%}{%- do by_name.update({column.name: column}) -%}{%- endfor -%}
    {%- if by_name.keys() | sort != ['feature', 'id', 'weight'] or not by_name['feature'].is_text or not by_name['weight'].is_numeric -%}
      {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': model_type " ~ cfg.model_type ~ " needs the target and columns id, feature (text), weight (numeric), got " ~ features | map(attribute='name') | join(', ')) }}
    {%- endif -%}
  {%- elif cfg.model_type == 'blend' -%}
    {%- if 'id' not in features | map(attribute='name') | list -%}
      {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': model_type blend needs an id column and the columns its components score") }}
    {%- endif -%}
  {%- else -%}
    {#- Redshift ML's AUTO ON (Autopilot) also takes text and date columns. -#}
    {%- for column in features if not column.is_numeric and not (target.type == 'redshift' and cfg.redshift.auto) -%}
      {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': feature column '" ~ column.name ~ "' is " ~ column.type ~ ", not numeric") }}
    {%- endfor -%}
    {%- if features | length == 0 -%}
      {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': the SELECT has no feature column besides the target") }}
    {%- endif -%}
  {%- endif -%}
{% endmacro %}

{#- A topic model's SELECT: id, feature (text), weight (numeric) for LDA; id and numeric columns for k-means;
    either with the boolean data_split_column when the model has one. -#}
{% macro check_topic_model_columns(cfg, columns) %}
  {%- set by_name = {} -%}
  {%- for column in columns if column.name != cfg.data_split_column -%}{%- do by_name.update({column.name: column}) -%}{%- endfor -%}
  {%- set where = "dwhml: model '" ~ cfg.name ~ "': model_type " ~ cfg.model_type -%}
  {%- if cfg.data_split_column and cfg.data_split_column not in columns | map(attribute='name') | list -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': meta.dwhml.data_split_column '" ~ cfg.data_split_column ~ "' is not in the SELECT (columns: " ~ columns | map(attribute='name') | join(', ') ~ ")") }}
  {%- endif -%}
  {%- if cfg.model_type == 'lda' -%}
    {%- if by_name.keys() | sort != ['feature', 'id', 'weight'] or not by_name['feature'].is_text or not by_name['weight'].is_numeric -%}
      {{ exceptions.raise_compiler_error(where ~ " needs the columns id, feature (text), weight (numeric), got " ~ by_name.keys() | join(', ')) }}
    {%- endif -%}
  {%- else -%}
    {%- set features = by_name.values() | rejectattr('name', 'equalto', 'id') | list -%}
    {%- if 'id' not in by_name or not features -%}
      {{ exceptions.raise_compiler_error(where ~ " needs an id column and numeric columns, got " ~ by_name.keys() | join(', ')) }}
    {%- endif -%}
    {%- for column in features if not column.is_numeric -%}
      {{ exceptions.raise_compiler_error(where ~ ": column '" ~ column.name ~ "' is " ~ column.type ~ ", not numeric") }}
    {%- endfor -%}
  {%- endif -%}
{% endmacro %}
