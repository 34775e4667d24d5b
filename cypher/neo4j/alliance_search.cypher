MATCH (a:Alliance)
WHERE ($q = '' OR a.name_key CONTAINS $q OR a.id = $raw)
  AND ($any_mode OR a.mode IN $modes)
RETURN a.id AS id
ORDER BY a.name_key STARTS WITH $q DESC, a.name_key, a.id
SKIP $offset LIMIT $limit
