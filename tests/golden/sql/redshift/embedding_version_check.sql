select
    count(*) as other_rows,
    min(v.embedding_version) as other_version
from "dev"."dwhml"."vectors" as v
where coalesce(v.embedding_version, '') <> 'ft-0123456789abcdef'
