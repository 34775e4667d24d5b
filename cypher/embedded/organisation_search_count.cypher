MATCH (o:Organisation)
WHERE ($q = '' OR o.name_key CONTAINS $q OR o.id = $raw)
  AND ($world = '' OR o.world = $world)
RETURN count(o) AS total
