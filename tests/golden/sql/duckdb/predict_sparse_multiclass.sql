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
    inner join main.golden_sparse__vocabulary as v on f.feature = v.feature
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
    inner join main.golden_sparse__coefficients as c on x.feature = c.feature
    group by x.id, c.class_index
),

calibrated as (
    select
        i.id,
        k.class_index,
        1.0 / (1.0 + exp(k.platt_a * (coalesce(m.dot, 0) + k.intercept) + k.platt_b)) as p
    from (select distinct ir.id from input_rows as ir) as i
    cross join main.golden_sparse__calibration as k
    left join margins as m on i.id = m.id and k.class_index = m.class_index
),

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

select
    input_rows.*,
    case top.class_index
        when 0 then '企業動向'
        when 1 then '家計動向'
        when 2 then '雇用'
    end as predicted_label,
    top.probability as predicted_probability,
    'v0000000000000001' as model_version
from input_rows
left join top on input_rows.id = top.id
