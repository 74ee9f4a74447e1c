-- refused: alter-add-column
alter table "dev"."dwhml"."dwhml_model_registry" add column if not exists task varchar(65535)
