-- refused: Name weight not found inside f
create or replace table function `dwhml-test`.`dwhml`.`fn_m`(feature_rows table<id STRING, feature STRING>)
as (
with input_rows as (
    select * from (select distinct fr.id from feature_rows as fr)
),

weights as (
    -- one row per vocabulary feature: its block, idf and a coefficient column per class
    select
        v.feature,
        v.block,
        v.idf,
        coalesce(max(case when c.class_index = 1 then c.coef end), 0) as coef_1
    from `dwhml-test`.`dwhml`.`m__v0123456789abcdef__vocabulary` as v
    left join `dwhml-test`.`dwhml`.`m__v0123456789abcdef__coefficients` as c
        on v.feature = c.feature
    group by v.feature, v.block, v.idf
),

x as (
    select
        f.id,
        w.block,
        (1 + ln(f.weight)) * w.idf as feature_value,
        w.coef_1
    from feature_rows as f
    inner join weights as w on f.feature = w.feature
    where f.id in (select ir.id from input_rows as ir)
),

blocks as (
    -- one pass over the feature rows: each block's L2 norm and its dot product with each class
    select
        id,
        block,
        sqrt(sum(feature_value * feature_value)) as norm,
        sum(feature_value * coef_1) as dot_1
    from x
    group by id, block
),

margins as (
    select
        id,
        sum(dot_1 / norm) as dot_1
    from blocks
    group by id
),

calibrated as (
    select
        i.id,
        k.class_index,
        1.0 / (1.0 + exp(k.platt_a * (coalesce(case k.class_index
            when 1 then m.dot_1
        end, 0) + k.intercept) + k.platt_b)) as p
    from (select distinct ir.id from input_rows as ir) as i
    cross join `dwhml-test`.`dwhml`.`m__v0123456789abcdef__calibration` as k
    left join margins as m on i.id = m.id
),

best_class as (
    select
        id,
        case when p >= 0.5 then 1 else 0 end as class_index,
        p as probability
    from calibrated
)

select
    input_rows.*,
    case best_class.class_index
        when 0 then 0
        when 1 then 1
    end as predicted_label,
    best_class.probability as predicted_probability,
    'v0123456789abcdef' as model_version
from input_rows
left join best_class on input_rows.id = best_class.id
)
