select
    'm' as model_name,
    'v0123456789abcdef' as model_version,
    r.*
from ml.confusion_matrix(model `dwhml-test`.`dwhml`.`m__v0123456789abcdef`, (select * from input_rows)) as r
