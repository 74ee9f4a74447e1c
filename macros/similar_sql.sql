{#- Each text's k most similar other texts by cosine similarity of its vector columns (`features`, default
    dim_0 .. dim_99), exact: (id, neighbour_id, similarity, neighbour_rank), rank 1 the most similar, ties to
    the smaller neighbour id; a text whose vector is all zeros neither gets nor is a neighbour (python_udfs/
    similar.py is the definition). DuckDB: the plugin's blocked matrix product; Redshift: every pair in SQL;
    BigQuery: VECTOR_SEARCH, brute force (docs/decisions/0016 on millions of texts). -#}
{% macro similar_sql(vectors, k=10, features=none) %}
  {%- if k is not integer or k < 1 -%}
    {{ exceptions.raise_compiler_error("dwhml.similar_sql: k must be an integer >= 1, got " ~ k) }}
  {%- endif -%}
  {%- set features = features or dwhml.vector_columns().split(', ') -%}
  {{ return(adapter.dispatch('similar_sql', 'dwhml')(vectors, k, features)) }}
{% endmacro %}

{% macro default__similar_sql(vectors, k, features) %}
  {{ exceptions.raise_compiler_error("dwhml.similar_sql is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{#- DuckDB: all vectors to the plugin's dwhml_similar in one call (ids as text), its rows unnested; dbt's threads
    give the call its share of the cores. -#}
{% macro duckdb__similar_sql(vectors, k, features) -%}
{%- set q = dwhml.quote_identifier -%}
select
    n.neighbour.id as id,
    n.neighbour.neighbour_id as neighbour_id,
    n.neighbour.similarity as similarity,
    n.neighbour.neighbour_rank as neighbour_rank
from (
    select unnest(dwhml_similar(
        list(cast(v.id as varchar) order by cast(v.id as varchar)),
        list([{% for f in features %}v.{{ q(f) }}{{ ", " if not loop.last }}{% endfor %}]::double[] order by cast(v.id as varchar)),
        {{ k }},
        {{ target.threads }}
    )) as neighbour
    from {{ vectors }} as v
) as n
{%- endmacro %}

{% macro redshift__similar_sql(vectors, k, features) %}{{ return(dwhml.pairwise_similar_sql(vectors, k, features)) }}{% endmacro %}

{#- BigQuery: its VECTOR_SEARCH over the vectors as ARRAY<FLOAT64>, cosine distance, use_brute_force (exact:
    no index is consulted; search_functions reference). top_k is k + 1 because every text finds itself; the
    rows are then ranked by the definition's order (similarity = 1 - distance, ties to the smaller id), so only
    a tie at the k + 1-th place can differ from the definition, by which of the tied texts BigQuery returned. -#}
{% macro bigquery__similar_sql(vectors, k, features) -%}
with embedded as (
    select
        v.id,
        [{% for f in features %}v.{{ dwhml.bigquery__quote_identifier(f) }}{{ ", " if not loop.last }}{% endfor %}] as embedding
    from {{ vectors }} as v
    where {% for f in features %}v.{{ dwhml.bigquery__quote_identifier(f) }} * v.{{ dwhml.bigquery__quote_identifier(f) }}{{ " + " if not loop.last }}{% endfor %} > 0
),

found as (
    select
        s.query.id,
        s.base.id as neighbour_id,
        1 - s.distance as similarity
    from vector_search(
        (select e.id, e.embedding from embedded as e),
        'embedding',
        (select e.id, e.embedding from embedded as e),
        top_k => {{ k + 1 }},
        distance_type => 'COSINE',
        options => '{"use_brute_force": true}'
    ) as s
    where s.base.id <> s.query.id
)

{{ dwhml.top_neighbours_sql('found', k) }}
{%- endmacro %}

{#- Every pair's cosine similarity and the k best per text, in plain SQL: exact, quadratic in the texts. -#}
{% macro pairwise_similar_sql(vectors, k, features) -%}
{%- set q = dwhml.quote_identifier -%}
with normed as (
    select
        v.id,
        {%- for f in features %}
        v.{{ q(f) }},
        {%- endfor %}
        sqrt({% for f in features %}v.{{ q(f) }} * v.{{ q(f) }}{{ " + " if not loop.last }}{% endfor %}) as norm
    from {{ vectors }} as v
),

pairs as (
    select
        a.id,
        b.id as neighbour_id,
        ({% for f in features %}a.{{ q(f) }} * b.{{ q(f) }}{{ " + " if not loop.last }}{% endfor %}) / (a.norm * b.norm) as similarity
    from normed as a
    cross join normed as b
    where a.id <> b.id
        and a.norm > 0
        and b.norm > 0
)

{{ dwhml.top_neighbours_sql('pairs', k) }}
{%- endmacro %}

{#- The k best of (id, neighbour_id, similarity) candidates per text, in the definition's order: similarity
    descending, ties to the smaller neighbour id. -#}
{% macro top_neighbours_sql(candidates, k) -%}
select
    r.id,
    r.neighbour_id,
    r.similarity,
    r.neighbour_rank
from (
    select
        c.id,
        c.neighbour_id,
        c.similarity,
        row_number() over (partition by c.id order by c.similarity desc, c.neighbour_id) as neighbour_rank
    from {{ candidates }} as c
) as r
where r.neighbour_rank <= {{ k }}
{%- endmacro %}
