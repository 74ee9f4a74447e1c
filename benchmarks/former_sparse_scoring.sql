-- The sparse model's SQL scoring as it was before decision 0021 (DuckDB, binary, (1 + ln tf) x idf): the feature
-- rows of the listed ids grouped by (id, block), then by id. Kept as the reference `make bench-sparse` times
-- beside today's macro (dwhml.sparse_linear_sql); no model scores with it.
with input_rows as (
    select * from {ids}
),

weights as (
    select
        v.feature,
        v.block,
        v.idf * v.idf as idf_squared,
        v.idf * coalesce(max(case when c.class_index = 1 then c.coef end), 0) as weight_1
    from {vocabulary} as v
    left join {coefficients} as c
        on v.feature = c.feature
    group by v.feature, v.block, v.idf
),

blocks as (
    select
        f.id,
        w.block,
        sqrt(sum((1 + ln(f.weight)) * (1 + ln(f.weight)) * w.idf_squared)) as norm,
        sum((1 + ln(f.weight)) * w.weight_1) as dot_1
    from {features} as f
    inner join weights as w on f.feature = w.feature
    where f.id in (select ir.id from input_rows as ir)
    group by f.id, w.block
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
    cross join {calibration} as k
    left join margins as m on i.id = m.id
)

select
    input_rows.id,
    calibrated.p as predicted_probability
from input_rows
left join calibrated on input_rows.id = calibrated.id
