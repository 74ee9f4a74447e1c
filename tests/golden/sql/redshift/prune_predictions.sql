delete from dwhml.employment_predictions where id not in (select id from dwhml.example_vectors)
