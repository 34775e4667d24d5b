UNWIND $keys AS k
MATCH (a:Organisation {id: k})-[r:FUNDS]->(b:Organisation)
RETURN a.id AS from_key, b.id AS to_key, r
