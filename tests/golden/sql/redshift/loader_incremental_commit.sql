delete from "raw"."text_vectors" where id is null or id in (select d.id from "raw"."text_vectors__delta__dwhml_staging" as d) or id not in (select s."id" from "raw"."texts" as s where s."id" is not null);
insert into "raw"."text_vectors" select * from "raw"."text_vectors__dwhml_staging";
delete from "raw"."text_vector_rejects" where id is null or id in (select d.id from "raw"."text_vectors__delta__dwhml_staging" as d) or id not in (select s."id" from "raw"."texts" as s where s."id" is not null);
insert into "raw"."text_vector_rejects" select * from "raw"."text_vector_rejects__dwhml_staging";
delete from "raw"."text_tokens" where id is null or id in (select d.id from "raw"."text_vectors__delta__dwhml_staging" as d) or id not in (select s."id" from "raw"."texts" as s where s."id" is not null);
insert into "raw"."text_tokens" select * from "raw"."text_tokens__dwhml_staging";
delete from "raw"."text_vectors__fingerprints" where id is null or id in (select d.id from "raw"."text_vectors__delta__dwhml_staging" as d) or id not in (select s."id" from "raw"."texts" as s where s."id" is not null);
insert into "raw"."text_vectors__fingerprints" select d.id, d.text_md5, 'ft-0123456789abcdef' as embedding_version from "raw"."text_vectors__delta__dwhml_staging" as d where d.copies = 1
