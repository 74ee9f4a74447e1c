create model "dwhml_ml"."sector__v0123456789abcdef"
from (
select label, dim_0, dim_1 from dwhml.training
)
target "label"
function "fn_sector__v0123456789abcdef"
iam_role default
auto off
model_type xgboost
objective 'multi:softmax'
preprocessors 'none'
hyperparameters default except (BASE_SCORE '0.5', NUM_ROUND '100', TREE_METHOD 'hist', NUM_CLASS '3')
settings (
    s3_bucket 'dwhml-training',
    max_cells 103000,
    max_runtime 5400
)
