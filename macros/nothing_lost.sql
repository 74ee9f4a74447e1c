{#- Rows of `texts` that are in neither or both of `vectors` and `rejects` (a data test returns none). -#}
{% macro nothing_lost(texts, vectors, rejects) -%}
select t.id
from {{ texts }} as t
left join {{ vectors }} as v on t.id = v.id
left join {{ rejects }} as r on t.id = r.id
where (v.id is null and r.id is null) or (v.id is not null and r.id is not null)
{%- endmacro %}
