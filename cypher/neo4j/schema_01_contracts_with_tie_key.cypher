CREATE INDEX contracts_with_tie_key IF NOT EXISTS FOR ()-[r:CONTRACTS_WITH]-() ON (r.tie_key)
