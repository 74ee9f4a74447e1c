create model "dwhml_ml"."employment__v0123456789abcdef"
from (
select label, dim_0, dim_1 from dwhml.training
)
target "label"
function "fn_employment__v0123456789abcdef"
iam_role 'arn:aws:iam::123456789012:role/dwhml-redshift-ml'
auto on
model_type xgboost
problem_type binary_classification
objective 'F1'
settings (
    s3_bucket 'dwhml-training',
    max_cells 103000,
    max_runtime 5400
)
