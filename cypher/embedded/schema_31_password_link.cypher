CREATE NODE TABLE IF NOT EXISTS PasswordLink(
    hash STRING PRIMARY KEY,
    user_id STRING,
    expires TIMESTAMP
)
