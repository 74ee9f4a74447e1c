create or replace function "dwhml"."fn_model"(real, real)
returns varchar(256)
stable
as $$
    select case "dwhml"."fn_model__v0123456789abcdef"($1, $2) when 0 then '企業動向' when 1 then '家計動向' when 2 then '雇用' end
$$ language sql
