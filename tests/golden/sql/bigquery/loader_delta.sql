create or replace table `dwhml-test`.`raw`.`text_vectors__delta__dwhml_staging` as with src as (
        select s.`id` as id, to_hex(md5(cast(s.`text` as string))) as text_md5
        from `dwhml-test`.`raw`.`texts` as s where s.`id` is not null
    ),
    counted as (select id, text_md5, count(*) over (partition by id) as copies from src)
    select c.id, c.text_md5, c.copies from counted as c
    left join `dwhml-test`.`raw`.`text_vectors__fingerprints` as f on f.id = c.id and f.text_md5 = c.text_md5
    where f.id is null
