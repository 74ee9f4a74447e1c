drop table if exists "raw"."text_vectors__ft_fedcba9876543210";
create table "raw"."text_vectors__ft_fedcba9876543210" as select * from "raw"."text_vectors";
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
insert into "raw"."text_tokens" select * from "raw"."text_tokens__dwhml_staging";
drop table if exists "raw"."text_vectors__fingerprints";
create table "raw"."text_vectors__fingerprints" as select d.id, d.text_md5, 'ft-0123456789abcdef' as embedding_version from "raw"."text_vectors__delta__dwhml_staging" as d where d.copies = 1;
create table if not exists "raw"."dwhml_embedding_versions" (output varchar(65535), embedding_version varchar(65535), model_path varchar(65535), model_sha256 varchar(65535), params varchar(65535), normaliser varchar(65535), dictionary varchar(65535), created_at timestamp);
insert into "raw"."dwhml_embedding_versions" (output, embedding_version, model_path, model_sha256, params, normaliser, dictionary, created_at) values ('raw.text_vectors', 'ft-0123456789abcdef', 's3://dwhml-bucket/dwhml/embed/models/fasttext-0a1b.bin', '0a1b', '{"dim": 100, "epoch": 5, "model": "skipgram"}', 'nfkc-ja-1', 'ipadic-1.0.0-sys392126-v102', getdate())
