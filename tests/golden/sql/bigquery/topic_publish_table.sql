create or replace table `dwhml-test`.`dwhml`.`m__centroids` as select t.*, 'v0123456789abcdef' as model_version from m__sized_centroids as t
