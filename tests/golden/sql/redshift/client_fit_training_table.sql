create table "dwhml_ml"."m__v0123456789abcdef__training" as
select label, id, feature, weight from dwhml.features
