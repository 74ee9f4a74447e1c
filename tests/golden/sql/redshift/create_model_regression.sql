create model "dwhml_ml"."score__v0123456789abcdef"
from (
select label, dim_0, dim_1 from dwhml.training
)
target "label"
function "fn_score__v0123456789abcdef"
iam_role default
auto off
model_type xgboost
objective 'reg:squarederror'
preprocessors 'none'
hyperparameters default except (BASE_SCORE '0.5', TREE_METHOD 'hist')
settings (
    s3_bucket 'dwhml-training',
    max_cells 103000,
    max_runtime 5400
)
