-- refused: grant-ml-function
-- dwhml before issue 12: EXECUTE granted on a function in the schema of the ML functions
grant execute on model "dwhml"."model__v0123456789abcdef" to "analyst";
grant execute on function "dwhml"."fn_model"(real, real) to "analyst";
grant execute on model "dwhml"."model__v0123456789abcdef" to group "analysts";
grant execute on function "dwhml"."fn_model"(real, real) to group "analysts";
grant execute on model "dwhml"."model__v0123456789abcdef" to role "bi_reader";
grant execute on function "dwhml"."fn_model"(real, real) to role "bi_reader"
