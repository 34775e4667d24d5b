MATCH (c:Territory)-[:PART_OF]->(t:Territory {key: $key})
RETURN c.key AS key
ORDER BY c.level, c.name_key, c.key
