CREATE NODE TABLE IF NOT EXISTS BrowserSession(
    hash STRING PRIMARY KEY,
    user_id STRING,
    csrf STRING,
    expires TIMESTAMP
)
