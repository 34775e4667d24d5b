UNWIND $rows AS row
MATCH (a:Organisation {id: row.from_key})-[x:LOCATED_IN]->(b:Territory {key: row.to_key})
SET x.source = row.source, x.run = row.run
