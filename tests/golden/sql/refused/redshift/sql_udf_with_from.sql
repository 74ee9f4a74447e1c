-- refused: sql-udf-body
-- a SQL UDF's SELECT clause can't include FROM (r_CREATE_FUNCTION)
create or replace function "dwhml"."f"(int)
returns bigint
stable
as $$
    select count(*) from "dwhml"."t"
$$ language sql
