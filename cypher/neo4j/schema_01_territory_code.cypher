CREATE INDEX territory_code IF NOT EXISTS FOR (n:Territory) ON (n.code)
