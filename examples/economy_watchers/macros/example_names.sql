{#- What the example's models, functions and target columns are called: after what they predict on the
    bundled sample (雇用 vs rest -> employment, is_employment; the survey's sector), or neutrally for a CSV of
    one's own (var dwhml_own_data, which `make demo CSV=...` sets): the multiclass target `label`, the binary
    one `is_<positive label>` when var dwhml_positive_label is a plain name, else `is_positive`. -#}
{% macro example_names() %}
  {%- if not var('dwhml_own_data', false) -%}
    {{ return({'binary': 'employment', 'multiclass': 'sector', 'binary_target': 'is_employment',
               'multiclass_target': 'sector'}) }}
  {%- endif -%}
  {%- set positive = var('dwhml_positive_label', none) -%}
  {%- set binary = positive | string | lower if positive is not none
        and modules.re.match('^[A-Za-z][A-Za-z0-9_]*$', positive | string) else 'positive' -%}
  {{ return({'binary': binary, 'multiclass': 'label', 'binary_target': 'is_' ~ binary, 'multiclass_target': 'label'}) }}
{% endmacro %}

{#- A model's relation name: its file name with the sample's task names replaced (employment_sparse ->
    positive_sparse, sector_classifier -> label_classifier with dwhml_own_data). -#}
{% macro example_alias(name) %}
  {%- set names = example_names() -%}
  {{ return(name.replace('employment', names.binary).replace('sector', names.multiclass)) }}
{% endmacro %}

{#- dbt's hook for relation names: every model of the example is named by example_alias. -#}
{% macro generate_alias_name(custom_alias_name=none, node=none) -%}
  {{ example_alias(custom_alias_name | trim if custom_alias_name else node.name) }}
{%- endmacro %}
