with blend_input as (
    select * from input_rows
),

first_scores as (
    select
        scored.* exclude (dwhml_prediction),
        ([0, 1])[scored.dwhml_prediction.label_index + 1] as predicted_label,
        scored.dwhml_prediction.probability as predicted_probability,
        'v0000000000000001' as model_version
    from (
        select
            src.*,
            dwhml_predict('/store/golden_binary/v1', [dim_0, dim_1]::float []) as dwhml_prediction
        from input_rows as src
    ) as scored
),

second_scores as (
    with input_rows as (
        select * from input_rows
    ),

    x as (
        select
            f.id,
            v.block,
            f.feature,
            (1 + ln(f.weight)) * v.idf as tfidf
        from main.text_features as f
        inner join main.golden_sparse_binary__vocabulary as v on f.feature = v.feature
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
        inner join main.golden_sparse_binary__coefficients as c on x.feature = c.feature
        group by x.id, c.class_index
    ),

    calibrated as (
        select
            i.id,
            k.class_index,
            1.0 / (1.0 + exp(k.platt_a * (coalesce(m.dot, 0) + k.intercept) + k.platt_b)) as p
        from (select distinct ir.id from input_rows as ir) as i
        cross join main.golden_sparse_binary__calibration as k
        left join margins as m on i.id = m.id and k.class_index = m.class_index
    ),

    top as (
        select
            id,
            case when p >= 0.5 then 1 else 0 end as class_index,
            p as probability
        from calibrated
    )

    select
        input_rows.*,
        case top.class_index
            when 0 then 0
            when 1 then 1
        end as predicted_label,
        top.probability as predicted_probability,
        'v0000000000000001' as model_version
    from input_rows
    left join top on input_rows.id = top.id
),

blended as (
    select
        f.id,
        0.25 * f.predicted_probability + 0.75 * s.predicted_probability as probability
    from first_scores as f
    inner join second_scores as s on f.id = s.id
)

select
    blend_input.*,
    case
        when blended.probability >= 0.5 then 1
        when blended.probability < 0.5 then 0
    end as predicted_label,
    blended.probability as predicted_probability,
    'v0000000000000001' as model_version
from blend_input
left join blended on blend_input.id = blended.id
