CREATE NODE TABLE IF NOT EXISTS Account(
    email STRING PRIMARY KEY,
    id STRING,
    role STRING,
    territories STRING[],
    created TIMESTAMP,
    password_hash STRING
)
