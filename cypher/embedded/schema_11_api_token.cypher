CREATE NODE TABLE IF NOT EXISTS ApiToken(
    id STRING PRIMARY KEY,
    name STRING,
    hash STRING,
    scope STRING,
    created TIMESTAMP,
    revoked BOOLEAN,
    expires TIMESTAMP
)
