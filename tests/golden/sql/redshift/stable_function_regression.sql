create or replace function "dwhml"."fn_model"(real, real)
returns double precision
stable
as $$
    select "dwhml"."fn_model__v0123456789abcdef"($1, $2)
$$ language sql
