MATCH (r:ImportRun)
RETURN r.id AS id
ORDER BY r.started DESC
LIMIT 1
