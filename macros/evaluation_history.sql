{#- The append-only evaluation history the ml_model materialization writes for each new version it
    evaluates on its test rows (record_evaluation), next to the registry: kind -> relation. The package's
    model_metrics, confusion_matrices and binary_curves views read it. -#}
{% macro evaluation_history_relation(kind) %}
  {%- set names = {'metrics': 'dwhml_model_metrics', 'confusion': 'dwhml_confusion_matrices', 'curves': 'dwhml_binary_curves',
                   'trials': 'dwhml_trials'} -%}
  {{ return(api.Relation.create(database=target.database, schema=target.schema, identifier=names[kind])) }}
{% endmacro %}

{#- Column names and portable types of each history table (types resolved by sql_type). -#}
{% macro evaluation_history_columns(kind) %}
  {{ return({
    'metrics': [('model_name', 'text'), ('model_version', 'text'), ('problem_type', 'text'), ('target', 'text'),
                ('metric', 'text'), ('value', 'float'), ('evaluated_at', 'timestamp')],
    'confusion': [('model_name', 'text'), ('model_version', 'text'), ('actual_label', 'text'),
                  ('predicted_label', 'text'), ('n', 'integer')],
    'curves': [('model_name', 'text'), ('model_version', 'text'), ('threshold', 'float'), ('tp', 'integer'),
               ('fp', 'integer'), ('fn', 'integer'), ('tn', 'integer')],
    'trials': [('model_name', 'text'), ('model_version', 'text'), ('trial_number', 'integer'), ('parameters', 'text'),
               ('objective_metric', 'text'), ('objective_value', 'float'), ('metrics', 'text'),
               ('duration_seconds', 'float'), ('status', 'text'), ('chosen', 'boolean'), ('learning_curve', 'text'),
               ('fit_rows', 'integer'), ('validation_rows', 'integer'), ('recorded_at', 'timestamp')],
  }[kind]) }}
{% endmacro %}

{#- Rows of versions whose registry row says promoted (a version kept out by the quality gate is
    evaluated, for the gate, but not part of the model's history). -#}
{% macro promoted_versions_only(alias) -%}
exists (
    select 1
    from {{ dwhml.model_registry_relation() }} as r
    where r.model_name = {{ alias }}.model_name
        and r.model_version = {{ alias }}.model_version
        and r.status = 'promoted'
)
{%- endmacro %}
