{#- The sample project's examples joined to a vectors table (texts without a vector are left out). -#}
{% macro examples_with_vectors(vectors) -%}
{%- set names = example_names() -%}
select
    e.id,
    e.{{ names.multiclass_target }},
    e.{{ names.binary_target }},
    e.split,
    v.embedding_version,
    {{ dwhml.vector_columns(prefix='v.') }}
from {{ ref('examples') }} as e
inner join {{ vectors }} as v on e.id = v.id
{%- endmacro %}
