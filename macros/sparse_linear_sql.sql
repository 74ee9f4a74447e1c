{#- Scoring of a sparse_linear model in plain SQL: join the (id, feature, weight) rows with the
    model's vocabulary and coefficients, TF-IDF and L2 norm per feature block, Platt-calibrated
    logistic; a SELECT of input_rows.* plus predicted_label, predicted_probability, model_version.
    binary: probability of the positive class; multiclass: of the predicted class. Engine-neutral. -#}
{% macro sparse_linear_sql(info, input_rows, feature_rows) -%}
{%- set lit = dwhml.string_literal -%}
{%- set tables = info.get('tables') or {} -%}
with input_rows as (
    select * from {{ input_rows }}
),

x as (
    select
        f.id,
        v.block,
        f.feature,
        (1 + ln(f.weight)) * v.idf as tfidf
    from {{ feature_rows }} as f
    inner join {{ tables.get('vocabulary') or dwhml.model_table(info.relation, 'vocabulary') }} as v on f.feature = v.feature
    where f.id in (select ir.id from input_rows as ir)
),

norms as (
    select
        id,
        block,
        sqrt(sum(tfidf * tfidf)) as norm
    from x
    group by id, block
),

margins as (
    select
        x.id,
        c.class_index,
        sum(x.tfidf / n.norm * c.coef) as dot
    from x
    inner join norms as n on x.id = n.id and x.block = n.block
    inner join {{ tables.get('coefficients') or dwhml.model_table(info.relation, 'coefficients') }} as c on x.feature = c.feature
    group by x.id, c.class_index
),

calibrated as (
    select
        i.id,
        k.class_index,
        1.0 / (1.0 + exp(k.platt_a * (coalesce(m.dot, 0) + k.intercept) + k.platt_b)) as p
    from (select distinct ir.id from input_rows as ir) as i
    cross join {{ tables.get('calibration') or dwhml.model_table(info.relation, 'calibration') }} as k
    left join margins as m on i.id = m.id and k.class_index = m.class_index
),

{%- if info.problem_type == 'binary_classification' %}

top as (
    select
        id,
        case when p >= 0.5 then 1 else 0 end as class_index,
        p as probability
    from calibrated
)
{%- else %}

ranked as (
    select
        id,
        class_index,
        p / sum(p) over (partition by id) as probability,
        row_number() over (partition by id order by p desc, class_index) as class_rank
    from calibrated
),

top as (
    select
        id,
        class_index,
        probability
    from ranked
    where class_rank = 1
)
{%- endif %}

select
    input_rows.*,
    case top.class_index
    {%- for c in info.classes %}
        when {{ loop.index0 }} then {{ dwhml.class_literal(c) }}
    {%- endfor %}
    end as predicted_label,
    top.probability as predicted_probability,
    {{ lit(info.model_version) }} as model_version
from input_rows
left join top on input_rows.id = top.id
{%- endmacro %}
