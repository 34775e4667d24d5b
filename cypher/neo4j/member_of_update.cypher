UNWIND $rows AS row
MATCH (a:Organisation {id: row.from_key})-[x:MEMBER_OF]->(b:Alliance {id: row.to_key})
SET x.role = row.role, x.source = row.source, x.run = row.run
