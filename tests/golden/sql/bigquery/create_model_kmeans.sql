create model if not exists `dwhml-test`.`dwhml`.`clusters__v0123456789abcdef`
options (
    model_type = 'KMEANS',
    num_clusters = 10,
    kmeans_init_method = 'KMEANS++',
    standardize_features = false,
    max_iterations = 300
) as
select
    t.`dim_0`,
    t.`dim_1`,
    t.`dim_2`
from (
select * from input_vectors
) as t
