{#- Train the model from its SELECT; return the version's metadata as a dict. -#}
{% macro train_model(cfg, sql) %}
  {{ return(adapter.dispatch('train_model', 'dwhml')(cfg, sql)) }}
{% endmacro %}

{% macro default__train_model(cfg, sql) %}
  {{ exceptions.raise_compiler_error("dwhml.train_model is not implemented for adapter " ~ adapter.type()) }}
{% endmacro %}

{#- DuckDB: export the SELECT to Parquet in the model store, then the plugin's
    dwhml_train UDF trains (or reuses an identical version) and writes the artifact. -#}
{% macro duckdb__train_model(cfg, sql) %}
  {%- set store = var('dwhml_model_store', 'model_store') -%}
  {%- set export_path = run_query("select dwhml_export_path(" ~ dwhml.string_literal(cfg.name) ~ ", "
        ~ dwhml.string_literal(store) ~ ", " ~ dwhml.string_literal(invocation_id) ~ ")").rows[0][0] -%}
  {%- do run_query("copy (" ~ sql ~ ") to " ~ dwhml.string_literal(export_path) ~ " (format parquet)") -%}
  {%- set train_cfg = {'target': cfg.target, 'problem_type': cfg.problem_type, 'model_type': cfg.model_type,
                       'hyperparameters': cfg.hyperparameters, 'positive_class': cfg.positive_class,
                       'function': cfg.function, 'feature_relation': cfg.feature_relation, 'force': cfg.force} -%}
  {%- if cfg.model_type == 'blend' -%}
    {#- The blend's version pins its components' current versions. -#}
    {%- set pinned = [] -%}
    {%- for name in cfg.components -%}
      {%- do pinned.append({'name': name, 'version': dwhml.model_info(dwhml.sibling_model(this, name)).model_version}) -%}
    {%- endfor -%}
    {%- do train_cfg.update({'components': pinned}) -%}
  {%- endif -%}
  {%- set result = run_query("select dwhml_train(" ~ dwhml.string_literal(cfg.name) ~ ", "
        ~ dwhml.string_literal(tojson(train_cfg)) ~ ", " ~ dwhml.string_literal(export_path) ~ ", "
        ~ dwhml.string_literal(store) ~ ")") -%}
  {%- set trained = fromjson(result.rows[0][0]) -%}
  {%- if trained.reused -%}
    {{ log("dwhml: " ~ cfg.name ~ " unchanged (version " ~ trained.model_version ~ "): training skipped (--vars '{dwhml_force_retrain: [" ~ cfg.name ~ "]}' forces it)", info=True) }}
  {%- else -%}
    {{ log("dwhml: " ~ cfg.name ~ " trained version " ~ trained.model_version ~ " on " ~ trained.training_rows ~ " rows in " ~ trained.train_seconds ~ "s", info=True) }}
  {%- endif -%}
  {{ return(trained) }}
{% endmacro %}
