MATCH (t:Territory)-[:PART_OF]->(p:Territory {key: $parent})
WHERE ($level = '' OR t.level = $level)
  AND ($q = '' OR t.name_key CONTAINS $q OR t.code = $raw)
RETURN t.key AS key
ORDER BY t.name_key STARTS WITH $q DESC, coalesce(t.population, 0) DESC, t.name_key, t.key
SKIP $offset LIMIT $limit
