UNWIND $keys AS k
MATCH (a:Organisation)-[r:MEMBER_OF]->(b:Alliance {id: k})
RETURN a.id AS from_key, b.id AS to_key, r
