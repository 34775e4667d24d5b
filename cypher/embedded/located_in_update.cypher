UNWIND $rows AS row
MATCH (a:Organisation {id: row.from_key})-[r:LOCATED_IN]->(b:Territory {key: row.to_key})
SET r.source = row.source, r.run = row.run
