select distinct t."label"
from (
select label, dim_0, dim_1 from dwhml.training
) as t
where t."label" is not null
order by 1
