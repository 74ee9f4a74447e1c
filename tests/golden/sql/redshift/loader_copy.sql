copy "raw"."text_vectors__dwhml_staging" from 's3://dwhml-bucket/dwhml/embed/run/vectors/' iam_role 'arn:aws:iam::123456789012:role/dwhml-redshift' format as parquet
