grant usage on schema "dwhml_ml" to "analyst";
grant select on "dwhml_ml"."m__v0123456789abcdef__calibration" to "analyst";
grant select on "dwhml_ml"."m__v0123456789abcdef__coefficients" to "analyst";
grant select on "dwhml_ml"."m__v0123456789abcdef__vocabulary" to "analyst";
grant usage on schema "dwhml_ml" to group "analysts";
grant select on "dwhml_ml"."m__v0123456789abcdef__calibration" to group "analysts";
grant select on "dwhml_ml"."m__v0123456789abcdef__coefficients" to group "analysts";
grant select on "dwhml_ml"."m__v0123456789abcdef__vocabulary" to group "analysts"
