MATCH p = (t:Territory {key: $key})-[:PART_OF* SHORTEST 1..8 (r, n | WHERE r.partial = false)]->(a:Territory)
RETURN a.key AS key, length(p) AS depth
ORDER BY depth, key
