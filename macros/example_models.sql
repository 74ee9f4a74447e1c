{#- The sample project's models with their predictions tables and actual-label columns,
    shared by model_metrics, confusion_matrices and the probability data test. -#}
{% macro example_models() %}
  {%- set models = [] -%}
  {%- for m in dwhml.all_example_models() if target.type == 'duckdb' or not m.get('duckdb_only') -%}
    {%- do models.append({'model': ref(m.name), 'predictions': ref(m.predictions), 'actual': m.actual}) -%}
  {%- endfor -%}
  {{ return(models) }}
{% endmacro %}

{#- Every example model by name; on other targets than DuckDB those trained by the plugin are disabled (dbt_project.yml). -#}
{% macro all_example_models() %}
  {{ return([
      {'name': 'employment_classifier', 'predictions': 'employment_predictions', 'actual': 'is_employment'},
      {'name': 'employment_baseline', 'predictions': 'employment_baseline_predictions', 'actual': 'is_employment', 'duckdb_only': true},
      {'name': 'employment_tfidf_baseline', 'predictions': 'employment_tfidf_baseline_predictions', 'actual': 'is_employment', 'duckdb_only': true},
      {'name': 'employment_sparse', 'predictions': 'employment_sparse_predictions', 'actual': 'is_employment', 'duckdb_only': true},
      {'name': 'employment_supervised', 'predictions': 'employment_supervised_predictions', 'actual': 'is_employment'},
      {'name': 'employment_blend', 'predictions': 'employment_blend_predictions', 'actual': 'is_employment', 'duckdb_only': true},
      {'name': 'sector_classifier', 'predictions': 'sector_predictions', 'actual': 'sector'},
      {'name': 'sector_baseline', 'predictions': 'sector_baseline_predictions', 'actual': 'sector', 'duckdb_only': true},
      {'name': 'sector_tfidf_baseline', 'predictions': 'sector_tfidf_baseline_predictions', 'actual': 'sector', 'duckdb_only': true},
      {'name': 'sector_sparse', 'predictions': 'sector_sparse_predictions', 'actual': 'sector', 'duckdb_only': true},
      {'name': 'sector_supervised', 'predictions': 'sector_supervised_predictions', 'actual': 'sector'},
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
