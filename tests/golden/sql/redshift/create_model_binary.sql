create model "dwhml_ml"."employment__v0123456789abcdef"
from (
select label, dim_0, dim_1 from dwhml.training
)
target "label"
function "fn_employment__v0123456789abcdef"
iam_role default
auto off
model_type xgboost
objective 'binary:logistic'
preprocessors 'none'
hyperparameters default except (BASE_SCORE '0.5', ETA '0.1', MAX_DEPTH '6', NUM_ROUND '200', TREE_METHOD 'hist')
settings (
    s3_bucket 'dwhml-training',
    max_cells 103000,
    max_runtime 5400
)
