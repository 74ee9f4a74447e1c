{#- (id, feature, weight) from (id, normalised, tokens): words as 'w:<token>', character n-grams
    (1..max_n) of the normalised text as 'c:<gram>', weight = count in the text. -#}
{% macro text_features_sql(tokens_relation, max_n=3) %}
  {{ return(adapter.dispatch('text_features_sql', 'dwhml')(tokens_relation, max_n)) }}
{% endmacro %}

{% macro default__text_features_sql(tokens_relation, max_n) %}
  {{ exceptions.raise_compiler_error("dwhml.text_features_sql is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{#- DuckDB: each text's features counted within its own row (list histogram), so the build streams
    row by row; a global GROUP BY (id, feature) ran out of memory at 3M short texts (18.8 GiB). -#}
{% macro duckdb__text_features_sql(tokens_relation, max_n) -%}
with per_text as (
    select
        t.id,
        list_aggregate(list_concat(
            list_transform(list_filter(string_split(t.tokens, ' '), lambda w: w != ''), lambda w: 'w:' || w)
            {%- for n in range(1, max_n + 1) %},
            list_transform(range(1, length(t.normalised) - {{ n }} + 2), lambda p: 'c:' || substr(t.normalised, p, {{ n }}))
            {%- endfor %}
        ), 'histogram') as counts
    from {{ tokens_relation }} as t
)

select
    id,
    unnest(map_keys(counts)) as feature,
    cast(unnest(map_values(counts)) as float) as weight
from per_text
{%- endmacro %}

{#- Redshift: no table functions and no array generators in a query, so positions come from a numbers
    relation (1..100,000, more than a VARCHAR(65535) has characters) joined to each text; SPLIT_PART takes
    the words. LEN and SUBSTRING count characters, not bytes (r_LEN, r_SUBSTRING). Redshift compares VARCHARs
    ignoring trailing spaces (r_Character_types: 'c:a ' equals 'c:a'), so the grouping also keys on the
    feature's length, which counts them. -#}
{% macro redshift__text_features_sql(tokens_relation, max_n) -%}
with digits as (
    select 0 as d
    {%- for digit in range(1, 10) %}
    union all
    select {{ digit }}
    {%- endfor %}
),

texts as (
    select
        t.id,
        t.normalised,
        t.tokens,
        len(t.normalised) as n_chars,
        regexp_count(t.tokens, ' ') + 1 as n_parts
    from {{ tokens_relation }} as t
),

positions as (
    -- only as many as the longest text needs: each text is joined to them by a range (a nested loop)
    select 1 + d1.d + 10 * d2.d + 100 * d3.d + 1000 * d4.d + 10000 * d5.d as p
    from digits as d1
    cross join digits as d2
    cross join digits as d3
    cross join digits as d4
    cross join digits as d5
    where 1 + d1.d + 10 * d2.d + 100 * d3.d + 1000 * d4.d + 10000 * d5.d
        <= (select greatest(max(n_chars), max(n_parts)) from texts)
),

grams as (
    select
        x.id,
        'w:' || split_part(x.tokens, ' ', p.p) as feature
    from texts as x
    inner join positions as p on p.p <= x.n_parts
    where split_part(x.tokens, ' ', p.p) != ''
    {%- for n in range(1, max_n + 1) %}
    union all
    select
        x.id,
        'c:' || substring(x.normalised, p.p, {{ n }}) as feature
    from texts as x
    inner join positions as p on p.p <= x.n_chars - {{ n - 1 }}
    {%- endfor %}
)

select
    id,
    feature,
    cast(count(*) as real) as weight
from grams
group by id, {{ dwhml.text_group_key('feature') }}
{%- endmacro %}

{#- BigQuery: each text's words and character n-grams as one array (SPLIT, GENERATE_ARRAY; SUBSTR and
    CHAR_LENGTH count characters of a STRING), unnested and counted. -#}
{% macro bigquery__text_features_sql(tokens_relation, max_n) -%}
with grams as (
    select
        t.id,
        feature
    from {{ tokens_relation }} as t,
        unnest(array_concat(
            array(select concat('w:', word) from unnest(split(t.tokens, ' ')) as word where word != ''),
            {%- for n in range(1, max_n + 1) %}
            array(
                select concat('c:', substr(t.normalised, p, {{ n }}))
                from unnest(generate_array(1, char_length(t.normalised) - {{ n - 1 }})) as p
            ){{ "," if not loop.last }}
            {%- endfor %}
        )) as feature
)

select
    id,
    feature,
    cast(count(*) as float64) as weight
from grams
group by id, feature
{%- endmacro %}
