UNWIND $keys AS k
MATCH (a:Organisation {id: k})-[r:ANIMATES]->(b:Territory)
RETURN a.id AS from_key, b.key AS to_key, r
