UNWIND $rows AS row
MATCH (a:Territory {key: row.from_key})
MATCH (b:Territory {key: row.to_key})
MERGE (a)-[x:PART_OF]->(b)
SET x.partial = row.partial, x.source = row.source, x.run = row.run
