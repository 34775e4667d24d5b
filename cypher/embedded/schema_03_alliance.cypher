CREATE NODE TABLE IF NOT EXISTS Alliance(
    id STRING PRIMARY KEY,
    name STRING,
    name_key STRING,
    mode STRING,
    domains STRING[],
    start DATE,
    `end` DATE,
    description STRING,
    source STRING,
    run STRING
)
