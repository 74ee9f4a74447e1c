insert into "dev"."dwhml"."dwhml_confusion_matrices" (model_name, model_version, actual_label, predicted_label, n)
select r.model_name, r.model_version, r.actual_label, r.predicted_label, r.n
from (
select
    'model' as model_name,
    'v0123456789abcdef' as model_version,
    cast(s.actual as text) as actual_label,
    cast(s.predicted_label as text) as predicted_label,
    count(*) as n
from (select s.label as actual, s.predicted_label, s.predicted_probability from (
select
    src.*,
    case "dwhml_ml"."fn_model__v0123456789abcdef"(src."dim_0", src."dim_1") when 0 then 0 when 1 then 1 end as predicted_label,
    cast(null as double precision) as predicted_probability,
    'v0123456789abcdef' as model_version
from (select label, dim_0, dim_1 from dwhml.training where is_test) as src) as s) as s
group by 1, 2, 3, 4
) as r
where not exists (
    select 1
    from "dev"."dwhml"."dwhml_confusion_matrices" as done
    where done.model_name = 'model'
        and done.model_version = 'v0123456789abcdef'
)
