select
    p.id,
    p.centroid_id as cluster
from ml.predict(model `dwhml-test`.`dwhml`.`m__v0123456789abcdef`, (
    select * from input_vectors as t
)) as p
