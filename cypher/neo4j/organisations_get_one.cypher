MATCH (o:Organisation {id: $id})
OPTIONAL MATCH (o)-[:ANIMATES]->(t:Territory)
RETURN o, collect(t.key) AS animates
