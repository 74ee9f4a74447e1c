{#- A model version's identity, the same on every target: md5 of what the version learns from — target,
    problem and model type, hyperparameters (with the warehouse's options), feature names, the count and
    fingerprint of the training rows (duckdb_/redshift_/bigquery_fingerprint_sql), task, positive class, tuning and the vectors' embedding version
    when the model has them (none leaves an identity as it was), and pinned blend components —
    first 16 hex digits. version_for_identity makes it the version ('v' + identity) and finds it in the
    registry; a version already recorded is not trained again. -#}
{% macro version_identity(cfg, parts) %}
  {%- set identity = {'target': cfg.target, 'problem_type': cfg.problem_type, 'model_type': cfg.model_type} -%}
  {%- do identity.update(parts) -%}
  {%- if cfg.task -%}{%- do identity.update({'task': cfg.task}) -%}{%- endif -%}
  {%- if cfg.positive_class is not none -%}{%- do identity.update({'positive_class': cfg.positive_class}) -%}{%- endif -%}
  {#- A tuned model: its search (a changed space or budget is a new version; an unchanged one is not tuned again). -#}
  {%- if cfg.get('tuning') -%}{%- do identity.update({'tuning': cfg.tuning}) -%}{%- endif -%}
  {%- if cfg.get('embedding_version') -%}{%- do identity.update({'embedding_version': cfg.embedding_version}) -%}{%- endif -%}
  {{ return(local_md5(tojson(identity))[:16]) }}
{% endmacro %}

{#- DuckDB's scan of the training SELECT: (row_count, an order-independent fingerprint of its rows), as
    redshift_fingerprint_sql and bigquery_fingerprint_sql on the warehouses. -#}
{% macro duckdb_fingerprint_sql(sql, columns) -%}
select
    count(*) as row_count,
    cast(sum(hash({% for column in columns %}t.{{ dwhml.quote_identifier(column.name) }}{{ ", " if not loop.last }}{% endfor %})) as varchar) as fingerprint
from (
{{ sql }}
) as t
{%- endmacro %}
