begin;
create table if not exists "dwhml"."comment_topic_assignments" ("id" varchar(65535), "topic" bigint, "probability" double precision, "model_version" varchar(65535));
delete from "dwhml"."comment_topic_assignments" where model_version <> 'v0123456789abcdef' or id in (select s.id from "dwhml"."comment_topic_assignments__dwhml_staging" as s);
insert into "dwhml"."comment_topic_assignments" select * from "dwhml"."comment_topic_assignments__dwhml_staging";
commit
