-- refused: late-binding-view
-- a late-binding view must name its tables with their schema (r_CREATE_VIEW)
create or replace view "dwhml"."model_scores" as
select src.* from text_vectors as src
with no schema binding
