UNWIND $ids AS k
MATCH (o:Organisation {id: k})-[:ANIMATES]->(t:Territory)
RETURN o.id AS id, t.key AS key
