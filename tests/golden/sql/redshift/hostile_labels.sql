select
    case t."label" when 'it''s' then 0 when 'back\\slash' then 1 when '"quoted"' then 2 when 'x''; drop table t; --' then 3 when 'two
lines' then 4 when '雇用' then 5 when '-- comment' then 6 when 'a\\''b' then 7 end as "label",
    t."dim_0",
    t."dim_1"
from (
select * from dwhml.training
) as t
where t."label" is not null
