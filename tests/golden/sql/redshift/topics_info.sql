select model_name, model_version, model_type, hyperparameters, model_database, model_schema, model_identifier from "dwhml"."comment_topics"
