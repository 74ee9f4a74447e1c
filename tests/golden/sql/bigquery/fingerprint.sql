select
    count(*) as row_count,
    sum(mod(farm_fingerprint(to_json_string(t)), 1000000007)) as fingerprint
from (
select label, dim_0, dim_1 from `dwhml-test`.`dwhml`.`training`
) as t
