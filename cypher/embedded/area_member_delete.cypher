UNWIND $rows AS row
MATCH (a:Territory {key: row.from_key})-[r:PART_OF]->(b:Territory {key: row.to_key})
DELETE r
