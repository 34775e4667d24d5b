UNWIND $rows AS row
MATCH (a:Organisation {id: row.from_key})-[r:CONTRACTS_WITH]->(b:Organisation {id: row.to_key})
WHERE r.tie_key = row.tie_key
SET r.amount = row.amount, r.date = row.date, r.object = row.object, r.reference = row.reference, r.nature = row.nature, r.dataset = row.dataset, r.source_file = row.source_file, r.source_line = row.source_line, r.source = row.source, r.run = row.run
