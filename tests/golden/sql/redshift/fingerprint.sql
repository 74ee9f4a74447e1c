select
    count(*) as row_count,
    sum(cast(fnv_hash(t."dim_1", fnv_hash(t."dim_0", fnv_hash(t."label"))) as decimal(38, 0))) as fingerprint
from (
select label, dim_0, dim_1 from dwhml.training
) as t
