create schema if not exists "dwhml_ml"
