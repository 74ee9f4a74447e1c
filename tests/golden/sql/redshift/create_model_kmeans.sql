create model "dwhml_ml"."clusters__v0123456789abcdef"
from (
select
    t."dim_0",
    t."dim_1",
    t."dim_2"
from (
select * from dwhml.vectors
) as t
)
function "fn_clusters__v0123456789abcdef"
iam_role default
auto off
model_type kmeans
preprocessors '[{"ColumnSet": ["*"], "Transformers": ["NumericPassthrough"]}]'
hyperparameters default except (K '10', INIT_METHOD 'kmeans++', LOCAL_LLOYD_MAX_ITER '300', LOCAL_LLOYD_NUM_TRIALS '4')
settings (
    s3_bucket 'dwhml-training',
    max_cells 300000,
    max_runtime 5400
)
