alter table `dwhml-test`.`dwhml`.`dwhml_model_registry` add column model_database string;
alter table `dwhml-test`.`dwhml`.`dwhml_model_registry` add column model_schema string;
alter table `dwhml-test`.`dwhml`.`dwhml_model_registry` add column model_identifier string;
alter table `dwhml-test`.`dwhml`.`dwhml_model_registry` add column embedding_version string
