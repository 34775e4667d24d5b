UNWIND $keys AS k
MATCH (a:Territory)-[r:PART_OF]->(b:Territory {key: k})
RETURN a.key AS from_key, b.key AS to_key, r
