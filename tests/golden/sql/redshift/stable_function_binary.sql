create or replace function "dwhml"."fn_model"(real, real)
returns bigint
stable
as $$
    select case "dwhml"."fn_model__v0123456789abcdef"($1, $2) when 0 then 0 when 1 then 1 end
$$ language sql
