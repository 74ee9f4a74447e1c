{#- The scores view of an ml_model, <schema>.<model>_scores: every row of meta.dwhml.scores_from with the
    promoted version's predicted_label, predicted_probability and model_version (dwhml.predict's SELECT),
    replaced on each promotion. The warehouses' stable name for analysts (docs/decisions/0011). -#}
{% macro scores_view_sql(cfg, info) %}
  {%- if not cfg.scores_from -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': a scores view needs meta.dwhml.scores_from") }}
  {%- endif -%}
  {{ return(adapter.dispatch('scores_view_sql', 'dwhml')(dwhml.scores_view_relation(cfg), dwhml.predict_version(info, dwhml.scores_from_relation(cfg)))) }}
{% endmacro %}

{% macro default__scores_view_sql(view, select) %}
  {{ exceptions.raise_compiler_error("dwhml.scores_view_sql is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{#- Late-binding: the view outlives the versions' functions it calls (CREATE VIEW ... WITH NO SCHEMA BINDING). -#}
{% macro redshift__scores_view_sql(view, select) %}
  {{ return("create or replace view " ~ view ~ " as\n" ~ select ~ "\nwith no schema binding") }}
{% endmacro %}

{% macro bigquery__scores_view_sql(view, select) %}
  {{ return("create or replace view " ~ view ~ " as\n" ~ select) }}
{% endmacro %}

{% macro scores_view_relation(cfg) %}
  {{ return(api.Relation.create(database=target.database, schema=target.schema, identifier=cfg.name ~ '_scores', type='view')) }}
{% endmacro %}

{#- Quoted by the adapter: a schema like raw is a Redshift reserved word. -#}
{% macro scores_from_relation(cfg) %}
  {%- set parts = cfg.scores_from.split('.') -%}
  {{ return(api.Relation.create(database=target.database, schema=parts[0], identifier=parts[1])) }}
{% endmacro %}
