drop table if exists "dwhml"."m__centroids";
create table "dwhml"."m__centroids" as select t.*, 'v0123456789abcdef' as model_version from m__sized_centroids as t
