with grams as (
    select
        t.id,
        feature
    from `dwhml-test`.`raw`.`text_tokens` as t,
        unnest(array_concat(
            array(select concat('w:', word) from unnest(split(t.tokens, ' ')) as word where word != ''),
            array(
                select concat('c:', substr(t.normalised, p, 1))
                from unnest(generate_array(1, char_length(t.normalised) - 0)) as p
            ),
            array(
                select concat('c:', substr(t.normalised, p, 2))
                from unnest(generate_array(1, char_length(t.normalised) - 1)) as p
            ),
            array(
                select concat('c:', substr(t.normalised, p, 3))
                from unnest(generate_array(1, char_length(t.normalised) - 2)) as p
            )
        )) as feature
)

select
    id,
    feature,
    cast(count(*) as float64) as weight
from grams
group by id, feature
