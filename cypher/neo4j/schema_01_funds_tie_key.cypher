CREATE INDEX funds_tie_key IF NOT EXISTS FOR ()-[r:FUNDS]-() ON (r.tie_key)
