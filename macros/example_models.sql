{#- The sample project's models with their predictions tables and actual-label columns,
    shared by model_metrics, confusion_matrices and the probability data test. -#}
{% macro example_models() %}
  {{ return([
      {'model': ref('employment_classifier'), 'predictions': ref('employment_predictions'), 'actual': 'is_employment'},
      {'model': ref('employment_baseline'), 'predictions': ref('employment_baseline_predictions'), 'actual': 'is_employment'},
      {'model': ref('employment_tfidf_baseline'), 'predictions': ref('employment_tfidf_baseline_predictions'), 'actual': 'is_employment'},
      {'model': ref('employment_sparse'), 'predictions': ref('employment_sparse_predictions'), 'actual': 'is_employment'},
      {'model': ref('employment_supervised'), 'predictions': ref('employment_supervised_predictions'), 'actual': 'is_employment'},
      {'model': ref('employment_blend'), 'predictions': ref('employment_blend_predictions'), 'actual': 'is_employment'},
      {'model': ref('sector_classifier'), 'predictions': ref('sector_predictions'), 'actual': 'sector'},
      {'model': ref('sector_baseline'), 'predictions': ref('sector_baseline_predictions'), 'actual': 'sector'},
      {'model': ref('sector_tfidf_baseline'), 'predictions': ref('sector_tfidf_baseline_predictions'), 'actual': 'sector'},
      {'model': ref('sector_sparse'), 'predictions': ref('sector_sparse_predictions'), 'actual': 'sector'},
      {'model': ref('sector_supervised'), 'predictions': ref('sector_supervised_predictions'), 'actual': 'sector'},
  ]) }}
{% endmacro %}

{#- Test rows that have a vector, so models and baselines are scored on the same texts. -#}
{% macro example_test_rows() %}
  {{ return("split = 'test' and id in (select id from " ~ ref('example_vectors') ~ ")") }}
{% endmacro %}

{#- The sample project's examples joined to a vectors table (texts without a vector are left out). -#}
{% macro examples_with_vectors(vectors) -%}
select
    e.id,
    e.sector,
    e.is_employment,
    e.split,
    v.embedding_version,
    {{ dwhml.vector_columns(prefix='v.') }}
from {{ ref('examples') }} as e
inner join {{ vectors }} as v on e.id = v.id
{%- endmacro %}
