UNWIND $rows AS row
MATCH (a:Organisation {id: row.from_key})
MATCH (b:Territory {key: row.to_key})
MERGE (a)-[x:LOCATED_IN]->(b)
SET x.source = row.source, x.run = row.run
