create table if not exists `dwhml-test`.`raw`.`text_vectors` like `dwhml-test`.`raw`.`text_vectors__dwhml_staging`;
create table if not exists `dwhml-test`.`raw`.`text_vector_rejects` like `dwhml-test`.`raw`.`text_vector_rejects__dwhml_staging`;
begin transaction;
delete from `dwhml-test`.`raw`.`text_vectors` where true;
insert into `dwhml-test`.`raw`.`text_vectors` select * from `dwhml-test`.`raw`.`text_vectors__dwhml_staging`;
delete from `dwhml-test`.`raw`.`text_vector_rejects` where true;
insert into `dwhml-test`.`raw`.`text_vector_rejects` select * from `dwhml-test`.`raw`.`text_vector_rejects__dwhml_staging`;
commit transaction;
