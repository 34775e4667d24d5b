CREATE INDEX api_token_hash IF NOT EXISTS FOR (n:ApiToken) ON (n.hash)
