UNWIND $rows AS row
MATCH (a:Territory {key: row.from_key})-[x:PART_OF]->(b:Territory {key: row.to_key})
DELETE x
