-- refused: reserved-word
-- the scores view as first written for issue 12: RAW is a Redshift reserved word (r_pg_keywords)
create or replace view "dwhml"."model_scores" as
select
    src.*,
    "dwhml_ml"."fn_model__v0123456789abcdef"(src."dim_0", src."dim_1") as predicted_label
from raw.text_vectors as src
with no schema binding
