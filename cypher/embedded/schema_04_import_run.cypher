CREATE NODE TABLE IF NOT EXISTS ImportRun(
    id STRING PRIMARY KEY,
    dataset STRING,
    started TIMESTAMP,
    summary STRING,
    finished TIMESTAMP
)
