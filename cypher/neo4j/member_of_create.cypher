UNWIND $rows AS row
MATCH (a:Organisation {id: row.from_key})
MATCH (b:Alliance {id: row.to_key})
MERGE (a)-[x:MEMBER_OF]->(b)
SET x.role = row.role, x.source = row.source, x.run = row.run
