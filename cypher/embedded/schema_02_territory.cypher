CREATE NODE TABLE IF NOT EXISTS Territory(
    key STRING PRIMARY KEY,
    code STRING,
    name STRING,
    name_key STRING,
    level STRING,
    population INT64,
    source STRING,
    run STRING
)
