MATCH (a:Alliance)
WHERE ($q = '' OR a.name_key CONTAINS $q OR a.id = $raw)
  AND ($any_mode OR a.mode IN $modes)
RETURN a.id AS id
ORDER BY starts_with(a.name_key, $q) DESC, a.name_key, a.id
SKIP $offset LIMIT $limit
