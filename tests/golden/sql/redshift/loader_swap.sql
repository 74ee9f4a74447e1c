create schema if not exists "raw";
create table if not exists "raw"."text_vectors" ("id" varchar(65535), "dim_0" real, "dim_1" real, "embedding_version" varchar(65535));
delete from "raw"."text_vectors";
insert into "raw"."text_vectors" select * from "raw"."text_vectors__dwhml_staging";
create schema if not exists "raw";
create table if not exists "raw"."text_vector_rejects" ("id" varchar(65535), "reason" varchar(65535));
delete from "raw"."text_vector_rejects";
insert into "raw"."text_vector_rejects" select * from "raw"."text_vector_rejects__dwhml_staging";
create schema if not exists "raw";
create table if not exists "raw"."text_tokens" ("id" varchar(65535), "normalised" varchar(65535), "tokens" varchar(65535));
delete from "raw"."text_tokens";
insert into "raw"."text_tokens" select * from "raw"."text_tokens__dwhml_staging"
