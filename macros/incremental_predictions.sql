{#- Body of an incremental predictions model: score only the rows of `input` that the
    current version of `model` has not scored yet (unique_key='id' replaces older scores). -#}
{% macro incremental_predictions(model, input, keep_columns) -%}
{%- set info = dwhml.model_info(model) -%}
{%- do dwhml.check_embedding_version(info, input) -%}
with to_score as (
{{ dwhml.rows_not_done_sql(model, input) }}
)

select
    {% for column in keep_columns %}scored.{{ column }},
    {% endfor -%}
    scored.predicted_label,
    scored.predicted_probability,
    scored.model_version
from ({{ dwhml.predict_version(info, 'to_score') }}) as scored
{%- endmacro %}

{#- The rows of `input` whose id this incremental model has no row of the current version of `model` for
    (every row on a full build): what a predictions or topics model still has to do. -#}
{% macro rows_not_done_sql(model, input) -%}
    select *
    from {{ input }} as src
    {%- if is_incremental() %}
    where not exists (
        select 1
        from {{ this }} as done
        where done.id = src.id and done.model_version = {{ dwhml.string_literal(dwhml.model_info(model).model_version) }}
    )
    {%- endif %}
{%- endmacro %}

{#- Post-hook of a predictions model: drop scores of rows that left the input, so the table
    mirrors its input (runs in the model's transaction). -#}
{% macro prune_predictions(input) -%}
{%- if is_incremental() -%}
{{ dwhml.prune_predictions_sql(this, input) }}
{%- else -%}
select 1 as nothing_to_prune
{%- endif -%}
{%- endmacro %}

{% macro prune_predictions_sql(predictions, input) -%}
delete from {{ predictions }} where id not in (select id from {{ input }})
{%- endmacro %}

{#- Filter of an append-only history model: only (model_name, model_version) pairs not yet in it. -#}
{% macro new_versions_only(alias) -%}
{%- if is_incremental() -%}
where not exists (
    select 1
    from {{ this }} as done
    where done.model_name = {{ alias }}.model_name and done.model_version = {{ alias }}.model_version
)
{%- endif -%}
{%- endmacro %}
