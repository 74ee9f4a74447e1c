{{ config(materialized='ml_model', meta={'dwhml': {
    'problem_type': 'topic_model',
    'model_type': 'kmeans',
    'function': 'fn_comment_cluster',
    'hyperparameters': {'num_clusters': 10},
}}) }}
-- Clusters of the comments' fastText vectors: k-means; any vectors are assigned to the nearest centroid by
-- a join in SQL (fn_comment_cluster on DuckDB, dwhml.topics on every target).
select
    v.id,
    {{ dwhml.vector_columns(prefix='v.') }},
    v.embedding_version
from {{ ref('example_vectors') }} as v
