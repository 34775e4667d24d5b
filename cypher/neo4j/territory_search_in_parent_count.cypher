MATCH (t:Territory)-[:PART_OF]->(p:Territory {key: $parent})
WHERE ($level = '' OR t.level = $level)
  AND ($q = '' OR t.name_key CONTAINS $q OR t.code = $raw)
RETURN count(t) AS total
