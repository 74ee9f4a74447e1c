select distinct t.embedding_version
from (
select label, dim_0, embedding_version from `dwhml-test`.`dwhml`.`vectors`
) as t
order by 1
