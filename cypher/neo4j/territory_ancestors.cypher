MATCH p = (t:Territory {key: $key})-[:PART_OF*1..8 {partial: false}]->(a:Territory)
RETURN a.key AS key, min(length(p)) AS depth
ORDER BY depth, key
