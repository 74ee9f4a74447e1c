create model "dwhml_ml"."score__v0123456789abcdef"
from (
select label, dim_0, dim_1 from dwhml.training
)
target "label"
function "fn_score__v0123456789abcdef"
iam_role default
auto on
model_type xgboost
problem_type regression
objective 'MSE'
settings (
    s3_bucket 'dwhml-training',
    max_cells 103000,
    max_runtime 5400
)
