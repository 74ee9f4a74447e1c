-- refused: auto-off
-- dwhml before issue 12: PROBLEM_TYPE with AUTO OFF (r_CREATE_MODEL: "not supported when AUTO OFF")
create model "dwhml"."employment__v0123456789abcdef"
from (
select label, dim_0, dim_1 from dwhml.training
)
target "label"
function "fn_employment__v0123456789abcdef"
iam_role default
auto off
model_type xgboost
problem_type binary_classification
objective 'binary:logistic'
preprocessors 'none'
hyperparameters default except (ETA '0.1', MAX_DEPTH '6', NUM_ROUND '200')
settings (
    s3_bucket 'dwhml-training',
    max_cells 103000,
    max_runtime 5400
)
