{%- set names = example_names() %}
-- Texts with their labels and a deterministic 80/20 train/test split by id.
-- Binary task: var dwhml_positive_label vs the rest; by default the rarest label
-- (雇用 in the bundled sample), so any (id, text, label) data runs without edits.
{%- set positive = var('dwhml_positive_label', none) %}
with positive_label as (
    {%- if positive is not none %}
    select {{ dwhml.string_literal(positive) }} as label
    {%- else %}
    select min(label) as label
    from (
        select
            label,
            rank() over (order by count(*), label) as rarity
        from {{ source('raw', 'labels') }}
        group by label
    ) as counted
    where rarity = 1
    {%- endif %}
)

select
    t.id,
    t.text,
    l.label as {{ names.multiclass_target }},
    case when l.label = p.label then 1 else 0 end as {{ names.binary_target }},
    case when {{ dwhml.is_test_row('t.id') }} then 'test' else 'train' end as split
from {{ source('raw', 'texts') }} as t
inner join {{ source('raw', 'labels') }} as l on t.id = l.id
cross join positive_label as p
