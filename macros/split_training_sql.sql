{#- Split an ml_model's SELECT by meta.dwhml.data_split_column (boolean, true = test row, as BigQuery
    ML's data_split_col): {'train': SELECT without the column of the other rows, 'test': the same for the
    test rows, or none when the model has no split column}. Engine-neutral. -#}
{% macro split_training_sql(cfg, sql) %}
  {#- A topic model reads every row: its split column marks the texts held out of the fit (LDA's perplexity). -#}
  {%- if cfg.data_split_column is none or cfg.problem_type == 'topic_model' -%}
    {{ return({'train': sql, 'test': none}) }}
  {%- endif -%}
  {%- set columns = dwhml.describe_query(sql) -%}
  {%- set split = columns | selectattr('name', 'equalto', cfg.data_split_column) | list -%}
  {%- if not split -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': meta.dwhml.data_split_column '" ~ cfg.data_split_column ~ "' is not in the SELECT (columns: " ~ columns | map(attribute='name') | join(', ') ~ ")") }}
  {%- endif -%}
  {%- if split[0].type | upper not in ['BOOLEAN', 'BOOL'] -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': meta.dwhml.data_split_column '" ~ cfg.data_split_column ~ "' is " ~ split[0].type ~ ", not boolean (true marks a test row)") }}
  {%- endif -%}
  {%- set kept = columns | rejectattr('name', 'equalto', cfg.data_split_column) | map(attribute='name') | list -%}
  {%- set flag = 'dwhml_split.' ~ dwhml.quote_identifier(cfg.data_split_column) -%}
  {%- set projection = dwhml.projection_sql(cfg, sql, kept, 'dwhml_split') -%}
  {{ return({'train': projection ~ "\n    where not coalesce(" ~ flag ~ ", false)",
             'test': projection ~ "\n    where coalesce(" ~ flag ~ ", false)"}) }}
{% endmacro %}
