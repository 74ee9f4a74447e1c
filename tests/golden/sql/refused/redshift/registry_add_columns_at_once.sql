-- refused: alter-add-column
alter table "dev"."dwhml"."dwhml_model_registry" add column model_schema varchar(65535), add column model_identifier varchar(65535)
