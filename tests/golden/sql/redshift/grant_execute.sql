grant usage on schema "dwhml_ml" to "analyst";
grant execute on model "dwhml_ml"."model__v0123456789abcdef" to "analyst";
grant select on "dev"."dwhml"."model_scores" to "analyst";
grant usage on schema "dwhml_ml" to group "analysts";
grant execute on model "dwhml_ml"."model__v0123456789abcdef" to group "analysts";
grant select on "dev"."dwhml"."model_scores" to group "analysts";
grant usage on schema "dwhml_ml" to role "bi_reader";
grant execute on model "dwhml_ml"."model__v0123456789abcdef" to role "bi_reader";
grant select on "dev"."dwhml"."model_scores" to role "bi_reader"
