create table "raw"."text_vectors__delta__dwhml_staging" as with src as (
        select s."id" as id, md5(s."text") as text_md5
        from "raw"."texts" as s where s."id" is not null
    ),
    counted as (select id, text_md5, count(*) over (partition by id) as copies from src)
    select c.id, c.text_md5, c.copies from counted as c
    left join "raw"."text_vectors__fingerprints" as f on f.id = c.id and f.text_md5 = c.text_md5
    where f.id is null
