MATCH (r:ImportRun)
WHERE r.finished IS NOT NULL
RETURN r.id AS id
ORDER BY r.finished DESC, r.id DESC
LIMIT 1
