{#- Scoring of the linear models (scored_by_join) in plain SQL: join the (id, feature, weight) rows with the
    model's vocabulary and coefficients, weight each feature as the trainer did (python_udfs/sparse_linear.py
    WEIGHTINGS: sparse_linear (1 + ln tf) * idf, the baselines tf * idf or the count; an L2 norm per feature
    block unless counted), Platt-calibrated logistic; a SELECT of input_rows.* plus predicted_label,
    predicted_probability, model_version; input_rows none: every id of feature_rows (the analysts' table
    functions). One aggregation per text over the model's blocks (info.blocks, or its vocabulary's block names
    read by dwhml.vocabulary_blocks when not given), the feature rows filtered by the ids of input_rows when
    given (decision 0021).
    binary: probability of the positive class; multiclass: of the predicted class. Engine-neutral but for
    how feature names compare (same_text, text_group_key: Redshift ignores trailing spaces). -#}
{% macro sparse_linear_sql(info, input_rows, feature_rows) -%}
{%- set lit = dwhml.string_literal -%}
{%- set tables = info.get('tables') or {} -%}
{%- set every_id = input_rows is none -%}
{%- set vocabulary = tables.get('vocabulary') or dwhml.model_table(info.relation, 'vocabulary') -%}
{%- set blocks = info.get('blocks') or dwhml.vocabulary_blocks(vocabulary) -%}
{%- if execute and not blocks -%}
  {{ exceptions.raise_compiler_error("dwhml: model " ~ info.model_name ~ ": its vocabulary " ~ vocabulary ~ " has no feature to score with") }}
{%- endif -%}
{#- Binary models keep one margin (the positive class, index 1); multiclass one per class. -#}
{%- set class_indexes = [1] if info.problem_type == 'binary_classification' else range(info.classes | length) | list -%}
{%- set weighting = (info.get('hyperparameters') or {}).get('weighting', 'sublinear_tfidf') -%}
{%- if weighting not in ['sublinear_tfidf', 'tfidf', 'count'] -%}
  {{ exceptions.raise_compiler_error("dwhml: model " ~ info.model_name ~ ": unknown weighting " ~ weighting) }}
{%- endif -%}
{%- set tf = '(1 + ln(f.weight))' if weighting == 'sublinear_tfidf' else 'f.weight' -%}
with
{%- if not every_id %} input_rows as (
    select * from {{ input_rows }}
),
{% endif %}
weights as (
    -- one row per vocabulary feature: its block, idf squared and, per class, idf x coefficient (a feature's
    -- value is tf x idf: its block's squared norm adds tf^2 x idf^2, a class's margin tf x idf x coefficient)
    select
        v.feature,
        v.block,
        v.idf * v.idf as idf_squared
        {%- for k in class_indexes %},
        v.idf * coalesce(max(case when c.class_index = {{ k }} then c.coef end), 0) as weight_{{ k }}
        {%- endfor %}
    from {{ vocabulary }} as v
    left join {{ tables.get('coefficients') or dwhml.model_table(info.relation, 'coefficients') }} as c
        on {{ dwhml.same_text('v.feature', 'c.feature') }}
    group by {{ dwhml.text_group_key('v.feature') }}, v.block, v.idf
),

texts as (
    -- one pass over the feature rows, one row per text: each block's squared norm and its dot product with each
    -- class. A text without a vocabulary feature is scored by the intercept: with every id it keeps its row here,
    -- its sums null, with listed ids the inner join drops it (a little faster) and the ids are joined back below.
    select
        f.id
        {%- for block in blocks %}{% set b = loop.index0 %},
        {{ '1.0' if weighting == 'count' else 'sqrt(sum(case when w.block = ' ~ lit(block) ~ ' then ' ~ tf ~ ' * ' ~ tf ~ ' * w.idf_squared end))' }} as norm_{{ b }}
        {%- for k in class_indexes %},
        sum(case when w.block = {{ lit(block) }} then {{ tf }} * w.weight_{{ k }} end) as dot_{{ b }}_{{ k }}
        {%- endfor %}
        {%- endfor %}
    from {{ feature_rows }} as f
    {{ 'left' if every_id else 'inner' }} join weights as w on {{ dwhml.same_text('f.feature', 'w.feature') }}
    {%- if not every_id %}
    where f.id in (select ir.id from input_rows as ir)
    {%- endif %}
    group by f.id
),

margins as (
    select
        id
        {%- for k in class_indexes %},
        {% for block in blocks %}coalesce(dot_{{ loop.index0 }}_{{ k }} / norm_{{ loop.index0 }}, 0){{ " + " if not loop.last }}{% endfor %} as dot_{{ k }}
        {%- endfor %}
    from texts
),

calibrated as (
    select
        {{ 'm' if every_id else 'i' }}.id,
        k.class_index,
        1.0 / (1.0 + exp(k.platt_a * (coalesce(case k.class_index
        {%- for k in class_indexes %}
            when {{ k }} then m.dot_{{ k }}
        {%- endfor %}
        end, 0) + k.intercept) + k.platt_b)) as p
    {%- if every_id %}
    from margins as m
    cross join {{ tables.get('calibration') or dwhml.model_table(info.relation, 'calibration') }} as k
    {%- else %}
    from (select distinct ir.id from input_rows as ir) as i
    cross join {{ tables.get('calibration') or dwhml.model_table(info.relation, 'calibration') }} as k
    left join margins as m on i.id = m.id
    {%- endif %}
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
    {{ 'best_class.id' if every_id else 'input_rows.*' }},
    case best_class.class_index
    {%- for c in info.classes %}
        when {{ loop.index0 }} then {{ dwhml.class_literal(c) }}
    {%- endfor %}
    end as predicted_label,
    best_class.probability as predicted_probability,
    {{ lit(info.model_version) }} as model_version
{%- if every_id %}
from best_class
{%- else %}
from input_rows
left join best_class on input_rows.id = best_class.id
{%- endif %}
{%- endmacro %}
