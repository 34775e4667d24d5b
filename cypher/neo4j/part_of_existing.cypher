UNWIND $keys AS k
MATCH (a:Territory {key: k})-[r:PART_OF]->(b:Territory)
WHERE b.level <> 'projet'
RETURN a.key AS from_key, b.key AS to_key, r
