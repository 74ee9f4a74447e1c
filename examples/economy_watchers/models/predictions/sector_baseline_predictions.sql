{{ config(materialized='incremental', unique_key='id', on_schema_change='fail',
          post_hook="{{ dwhml.prune_predictions(ref('examples')) }}") }}
{{ dwhml.incremental_predictions(ref('sector_baseline'), ref('examples'), ['id', 'split', example_names().multiclass_target]) }}
