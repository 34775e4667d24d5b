MATCH (o:Organisation)
WHERE ($q = '' OR o.name_key CONTAINS $q OR o.id = $raw)
  AND ($world = '' OR o.world = $world)
RETURN o.id AS id
ORDER BY starts_with(o.name_key, $q) DESC, o.name_key, o.id
SKIP $offset LIMIT $limit
