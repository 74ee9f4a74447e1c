alter table "dev"."dwhml"."dwhml_model_registry" add column model_database varchar(65535);
alter table "dev"."dwhml"."dwhml_model_registry" add column model_schema varchar(65535);
alter table "dev"."dwhml"."dwhml_model_registry" add column model_identifier varchar(65535);
alter table "dev"."dwhml"."dwhml_model_registry" add column embedding_version varchar(65535)
