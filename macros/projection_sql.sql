{#- SELECT of `columns` (names, quoted) of a model's SELECT under `alias`: how the materialization leaves a
    column out of the training rows (the split flag, the embedding version). Engine-neutral. -#}
{% macro projection_sql(cfg, sql, columns, alias) -%}
    select {% for name in columns %}{{ alias }}.{{ dwhml.quote_identifier(name, 'column of model ' ~ cfg.name) }}{{ ", " if not loop.last }}{% endfor %}
    from ({{ sql }}) as {{ alias }}
{%- endmacro %}
