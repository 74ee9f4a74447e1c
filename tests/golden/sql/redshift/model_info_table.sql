drop table if exists dwhml.employment_classifier;
create table dwhml.employment_classifier as
select *
from "dev"."dwhml"."dwhml_model_registry"
where model_name = 'employment_classifier'
    and model_version = 'v0123456789abcdef'
order by recorded_at desc
limit 1
