{#- The embedding version a model's training rows carry (issue 18): when the SELECT has an
    `embedding_version` column (the vectors table's, `dwhml embed`), it must hold one version, which the
    version records (registry column embedding_version, part of its identity) and predict refuses to score
    another version's vectors with (check_embedding_version); the column itself is not a feature.
    Returns {'sql': the SELECT without that column, 'version': the version or none}. Engine-neutral. -#}
{% macro embedding_version_of(cfg, sql) %}
  {%- set columns = dwhml.describe_query(sql) -%}
  {%- if 'embedding_version' not in columns | map(attribute='name') | list -%}
    {{ return({'sql': sql, 'version': none}) }}
  {%- endif -%}
  {%- set found = run_query(dwhml.embedding_versions_sql(sql)).columns[0].values() | list -%}
  {%- if found | length != 1 or found[0] is none -%}
    {{ exceptions.raise_compiler_error("dwhml: model '" ~ cfg.name ~ "': its training rows carry " ~ found | length ~ " embedding versions (" ~ found | join(', ') ~ "): a model learns from one version's vectors; select one (or re-embed)") }}
  {%- endif -%}
  {%- set kept = columns | rejectattr('name', 'equalto', 'embedding_version') | map(attribute='name') | list -%}
  {{ return({'sql': dwhml.projection_sql(cfg, sql, kept, 'dwhml_vectors'), 'version': found[0]}) }}
{% endmacro %}

{#- Refuse to score `relation` with a version trained on another embedding version's vectors: when the version
    recorded one and the relation has an embedding_version column, a row of another version (or none) stops the
    build naming both (a model scoring other vectors would be silently wrong: decision 0007). -#}
{% macro check_embedding_version(info, relation) %}
  {%- set trained_on = info.get('embedding_version') -%}
  {%- if not execute or trained_on is none -%}{{ return(none) }}{%- endif -%}
  {%- set source = relation | string -%}
  {%- set source = '(' ~ source ~ ')' if modules.re.match('^\\s*(select|with)\\b', source | lower) else source -%}
  {%- if 'embedding_version' not in dwhml.describe_query('select * from ' ~ source ~ ' as dwhml_input') | map(attribute='name') | list -%}
    {{ return(none) }}
  {%- endif -%}
  {%- set row = run_query(dwhml.embedding_version_check_sql(source, trained_on)).rows[0] -%}
  {%- if row[0] > 0 -%}
    {{ exceptions.raise_compiler_error("dwhml: " ~ info.model_name ~ " version " ~ info.model_version ~ " was trained on embedding version "
        ~ trained_on ~ "; " ~ row[0] ~ " rows of " ~ relation ~ " carry another (" ~ (row[1] or 'none') ~ "). Scoring them would be silently wrong: "
        ~ "run dbt build so the model retrains on the new vectors (a version the quality gate keeps out is not scored either), or score vectors of "
        ~ trained_on ~ " (dwhml embed keeps them as <output>__" ~ trained_on | replace('-', '_') ~ ")") }}
  {%- endif -%}
{% endmacro %}

{#- The distinct embedding versions of a training SELECT's rows. Pure: golden-tested. -#}
{% macro embedding_versions_sql(sql) -%}
select distinct t.embedding_version
from (
{{ sql }}
) as t
order by 1
{%- endmacro %}

{#- How many rows of `source` (a relation, or a SELECT in parentheses) carry another embedding version than
    `version` (or none), and one of those versions. Pure: golden-tested. -#}
{% macro embedding_version_check_sql(source, version) -%}
select
    count(*) as other_rows,
    min(v.embedding_version) as other_version
from {{ source }} as v
where coalesce(v.embedding_version, '') <> {{ dwhml.string_literal(version) }}
{%- endmacro %}
