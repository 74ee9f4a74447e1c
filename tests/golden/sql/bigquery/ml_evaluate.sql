select
    'm' as model_name,
    'v0123456789abcdef' as model_version,
    r.*
from ml.evaluate(model `dwhml-test`.`dwhml`.`m__v0123456789abcdef`, (select * from `dwhml-test`.`dwhml`.`examples` where split = 'test')) as r
