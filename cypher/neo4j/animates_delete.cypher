UNWIND $rows AS row
MATCH (a:Organisation {id: row.from_key})-[x:ANIMATES]->(b:Territory {key: row.to_key})
DELETE x
