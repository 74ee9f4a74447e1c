{#- Whether a model type is one of the linear models fitted on (id, feature, weight) rows and scored by a
    join in plain SQL on every target (sparse_linear_sql): the sparse model and the bag-of-words baselines.
    python_udfs.model_config.SCORED_BY_JOIN is the same list for the trainer (bound by a test). -#}
{% macro scored_by_join(model_type) %}
  {{ return(model_type in ['sparse_linear', 'bow_linear_svc']) }}
{% endmacro %}
