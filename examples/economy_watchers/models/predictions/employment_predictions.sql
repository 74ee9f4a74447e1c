{{ config(materialized='incremental', unique_key='id', on_schema_change='fail',
          post_hook="{{ dwhml.prune_predictions(ref('example_vectors')) }}") }}
{{ dwhml.incremental_predictions(ref('employment_classifier'), ref('example_vectors'), ['id', 'split', example_names().binary_target]) }}
