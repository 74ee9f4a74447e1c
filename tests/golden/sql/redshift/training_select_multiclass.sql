select
    case t."label" when '企業動向' then 0 when '家計動向' then 1 when '雇用' then 2 end as "label",
    t."dim_0",
    t."dim_1"
from (
select * from dwhml.training
) as t
where t."label" is not null
