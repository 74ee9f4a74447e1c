select
    c.centroid_id as cluster,
    max(case when c.feature = 'dim_0' then c.numerical_value end) as `dim_0`,
    max(case when c.feature = 'dim_1' then c.numerical_value end) as `dim_1`,
    max(case when c.feature = 'dim_2' then c.numerical_value end) as `dim_2`
from ml.centroids(model `dwhml-test`.`dwhml`.`m__v0123456789abcdef`, struct(false as standardize)) as c
group by c.centroid_id
