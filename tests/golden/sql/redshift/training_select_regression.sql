select
    t."label",
    t."dim_0",
    t."dim_1"
from (
select * from dwhml.training
) as t
where t."label" is not null
