create table if not exists `dwhml-test`.`dwhml`.`comment_topic_assignments` like `dwhml-test`.`dwhml`.`comment_topic_assignments__dwhml_staging`;
begin transaction;
delete from `dwhml-test`.`dwhml`.`comment_topic_assignments` where model_version <> 'v0123456789abcdef' or id in (select s.id from `dwhml-test`.`dwhml`.`comment_topic_assignments__dwhml_staging` as s);
insert into `dwhml-test`.`dwhml`.`comment_topic_assignments` select * from `dwhml-test`.`dwhml`.`comment_topic_assignments__dwhml_staging`;
commit transaction;
