select distinct t.embedding_version
from (
select label, dim_0, embedding_version from "dev"."dwhml"."vectors"
) as t
order by 1
