UNWIND $rows AS row
MATCH (a:Organisation {id: row.from_key})-[x:MEMBER_OF]->(b:Alliance {id: row.to_key})
DELETE x
