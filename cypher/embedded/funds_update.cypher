UNWIND $rows AS row
MATCH (a:Organisation {id: row.from_key})-[r:FUNDS]->(b:Organisation {id: row.to_key})
WHERE r.tie_key = row.tie_key
SET r.amount = CAST(row.amount AS DOUBLE), r.date = CAST(row.date AS DATE), r.object = row.object, r.reference = row.reference, r.nature = row.nature, r.dataset = row.dataset, r.source_file = row.source_file, r.source_line = CAST(row.source_line AS INT64), r.source = row.source, r.run = row.run
