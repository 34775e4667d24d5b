UNWIND $ids AS k
MATCH (o:Organisation {id: k})
OPTIONAL MATCH (o)-[:ANIMATES]->(t:Territory)
RETURN o, collect(t.key) AS animates
