with input_rows as (
    select * from input_rows
),

weights as (
    -- one row per vocabulary feature: its block, idf squared and, per class, idf x coefficient (a feature's
    -- value is tf x idf: its block's squared norm adds tf^2 x idf^2, a class's margin tf x idf x coefficient)
    select
        v.feature,
        v.block,
        v.idf * v.idf as idf_squared,
        v.idf * coalesce(max(case when c.class_index = 0 then c.coef end), 0) as weight_0,
        v.idf * coalesce(max(case when c.class_index = 1 then c.coef end), 0) as weight_1,
        v.idf * coalesce(max(case when c.class_index = 2 then c.coef end), 0) as weight_2
    from m__vocabulary as v
    left join m__coefficients as c
        on v.feature = c.feature
    group by v.feature, v.block, v.idf
),

texts as (
    -- one pass over the feature rows, one row per text: each block's squared norm and its dot product with each
    -- class. A text without a vocabulary feature is scored by the intercept: with every id it keeps its row here,
    -- its sums null, with listed ids the inner join drops it (a little faster) and the ids are joined back below.
    select
        f.id,
        sqrt(sum(case when w.block = 'c' then (1 + ln(f.weight)) * (1 + ln(f.weight)) * w.idf_squared end)) as norm_0,
        sum(case when w.block = 'c' then (1 + ln(f.weight)) * w.weight_0 end) as dot_0_0,
        sum(case when w.block = 'c' then (1 + ln(f.weight)) * w.weight_1 end) as dot_0_1,
        sum(case when w.block = 'c' then (1 + ln(f.weight)) * w.weight_2 end) as dot_0_2,
        sqrt(sum(case when w.block = 'w' then (1 + ln(f.weight)) * (1 + ln(f.weight)) * w.idf_squared end)) as norm_1,
        sum(case when w.block = 'w' then (1 + ln(f.weight)) * w.weight_0 end) as dot_1_0,
        sum(case when w.block = 'w' then (1 + ln(f.weight)) * w.weight_1 end) as dot_1_1,
        sum(case when w.block = 'w' then (1 + ln(f.weight)) * w.weight_2 end) as dot_1_2
    from text_features as f
    inner join weights as w on f.feature = w.feature
    where f.id in (select ir.id from input_rows as ir)
    group by f.id
),

margins as (
    select
        id,
        coalesce(dot_0_0 / norm_0, 0) + coalesce(dot_1_0 / norm_1, 0) as dot_0,
        coalesce(dot_0_1 / norm_0, 0) + coalesce(dot_1_1 / norm_1, 0) as dot_1,
        coalesce(dot_0_2 / norm_0, 0) + coalesce(dot_1_2 / norm_1, 0) as dot_2
    from texts
),

calibrated as (
    select
        i.id,
        k.class_index,
        1.0 / (1.0 + exp(k.platt_a * (coalesce(case k.class_index
            when 0 then m.dot_0
            when 1 then m.dot_1
            when 2 then m.dot_2
        end, 0) + k.intercept) + k.platt_b)) as p
    from (select distinct ir.id from input_rows as ir) as i
    cross join m__calibration as k
    left join margins as m on i.id = m.id
),

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

select
    input_rows.*,
    case best_class.class_index
        when 0 then '企業動向'
        when 1 then '家計動向'
        when 2 then '雇用'
    end as predicted_label,
    best_class.probability as predicted_probability,
    'v0123456789abcdef' as model_version
from input_rows
left join best_class on input_rows.id = best_class.id
