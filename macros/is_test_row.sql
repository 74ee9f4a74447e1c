{#- The deterministic train/test split shared by every target and the loader (`dwhml embed
    --supervised-labels`, embeddings/split.py): a row is a test row when the md5 bucket of its id
    (hash_bucket) is at or above train_percent. A boolean expression, ready for data_split_column. -#}
{% macro is_test_row(id_expr, train_percent=80) -%}
({{ dwhml.hash_bucket(id_expr) }} >= {{ train_percent }})
{%- endmacro %}
