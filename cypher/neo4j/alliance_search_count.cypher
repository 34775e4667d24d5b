MATCH (a:Alliance)
WHERE ($q = '' OR a.name_key CONTAINS $q OR a.id = $raw)
  AND ($any_mode OR a.mode IN $modes)
RETURN count(a) AS total
