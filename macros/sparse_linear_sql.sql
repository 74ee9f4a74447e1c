{#- Scoring of the linear models (scored_by_join) in plain SQL: join the (id, feature, weight) rows with the
    model's vocabulary and coefficients, weight each feature as the trainer did (python_udfs/sparse_linear.py
    WEIGHTINGS: sparse_linear (1 + ln tf) * idf, the baselines tf * idf or the count; an L2 norm per feature
    block unless counted), Platt-calibrated logistic; a SELECT of input_rows.* plus predicted_label,
    predicted_probability, model_version.
    binary: probability of the positive class; multiclass: of the predicted class. Engine-neutral but for
    how feature names compare (same_text, text_group_key: Redshift ignores trailing spaces). -#}
{% macro sparse_linear_sql(info, input_rows, feature_rows) -%}
{%- set lit = dwhml.string_literal -%}
{%- set tables = info.get('tables') or {} -%}
{#- Binary models keep one margin (the positive class, index 1); multiclass one per class. -#}
{%- set class_indexes = [1] if info.problem_type == 'binary_classification' else range(info.classes | length) | list -%}
{%- set weighting = (info.get('hyperparameters') or {}).get('weighting', 'sublinear_tfidf') -%}
{%- if weighting not in ['sublinear_tfidf', 'tfidf', 'count'] -%}
  {{ exceptions.raise_compiler_error("dwhml: model " ~ info.model_name ~ ": unknown weighting " ~ weighting) }}
{%- endif -%}
with input_rows as (
    select * from {{ input_rows }}
),

weights as (
    -- one row per vocabulary feature: its block, idf and a coefficient column per class
    select
        v.feature,
        v.block,
        v.idf
        {%- for k in class_indexes %},
        coalesce(max(case when c.class_index = {{ k }} then c.coef end), 0) as coef_{{ k }}
        {%- endfor %}
    from {{ tables.get('vocabulary') or dwhml.model_table(info.relation, 'vocabulary') }} as v
    left join {{ tables.get('coefficients') or dwhml.model_table(info.relation, 'coefficients') }} as c
        on {{ dwhml.same_text('v.feature', 'c.feature') }}
    group by {{ dwhml.text_group_key('v.feature') }}, v.block, v.idf
),

x as (
    select
        f.id,
        w.block,
        {{ '(1 + ln(f.weight))' if weighting == 'sublinear_tfidf' else 'f.weight' }} * w.idf as feature_value
        {%- for k in class_indexes %},
        w.coef_{{ k }}
        {%- endfor %}
    from {{ feature_rows }} as f
    inner join weights as w on {{ dwhml.same_text('f.feature', 'w.feature') }}
    where f.id in (select ir.id from input_rows as ir)
),

blocks as (
    -- one pass over the feature rows: each block's L2 norm and its dot product with each class
    select
        id,
        block,
        {{ '1.0' if weighting == 'count' else 'sqrt(sum(feature_value * feature_value))' }} as norm
        {%- for k in class_indexes %},
        sum(feature_value * coef_{{ k }}) as dot_{{ k }}
        {%- endfor %}
    from x
    group by id, block
),

margins as (
    select
        id
        {%- for k in class_indexes %},
        sum(dot_{{ k }} / norm) as dot_{{ k }}
        {%- endfor %}
    from blocks
    group by id
),

calibrated as (
    select
        i.id,
        k.class_index,
        1.0 / (1.0 + exp(k.platt_a * (coalesce(case k.class_index
        {%- for k in class_indexes %}
            when {{ k }} then m.dot_{{ k }}
        {%- endfor %}
        end, 0) + k.intercept) + k.platt_b)) as p
    from (select distinct ir.id from input_rows as ir) as i
    cross join {{ tables.get('calibration') or dwhml.model_table(info.relation, 'calibration') }} as k
    left join margins as m on i.id = m.id
),

{%- if info.problem_type == 'binary_classification' %}

best_class as (
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

best_class as (
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
    case best_class.class_index
    {%- for c in info.classes %}
        when {{ loop.index0 }} then {{ dwhml.class_literal(c) }}
    {%- endfor %}
    end as predicted_label,
    best_class.probability as predicted_probability,
    {{ lit(info.model_version) }} as model_version
from input_rows
left join best_class on input_rows.id = best_class.id
{%- endmacro %}
