create or replace table `dwhml-test`.`dwhml`.`m` as
select *
from `dwhml-test`.`dwhml`.`dwhml_model_registry`
where model_name = 'm'
    and model_version = 'v0123456789abcdef'
order by recorded_at desc
limit 1
