insert into "dev"."dwhml"."dwhml_model_metrics" (model_name, model_version, problem_type, target, metric, value, evaluated_at)
select r.model_name, r.model_version, r.problem_type, r.target, r.metric, r.value, r.evaluated_at
from (
select
    'comment_topics' as model_name,
    'v0123456789abcdef' as model_version,
    'topic_model' as problem_type,
    cast(null as TEXT) as target,
    'coherence_npmi' as metric,
    cast(0.125 as double precision) as value,
    getdate() as evaluated_at
union all
select
    'comment_topics' as model_name,
    'v0123456789abcdef' as model_version,
    'topic_model' as problem_type,
    cast(null as TEXT) as target,
    'perplexity_held_out' as metric,
    cast(1234.5 as double precision) as value,
    getdate() as evaluated_at
union all
select
    'comment_topics' as model_name,
    'v0123456789abcdef' as model_version,
    'topic_model' as problem_type,
    cast(null as TEXT) as target,
    'topics' as metric,
    cast(10 as double precision) as value,
    getdate() as evaluated_at
) as r
where not exists (
    select 1
    from "dev"."dwhml"."dwhml_model_metrics" as done
    where done.model_name = 'comment_topics'
        and done.model_version = 'v0123456789abcdef'
)
