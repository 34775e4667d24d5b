UNWIND $rows AS row
MATCH (a:Organisation {id: row.from_key})-[x:CONTRACTS_WITH]->(b:Organisation {id: row.to_key})
WHERE x.tie_key = row.tie_key
SET x.amount = row.amount, x.date = row.date, x.object = row.object, x.reference = row.reference, x.nature = row.nature, x.dataset = row.dataset, x.source_file = row.source_file, x.source_line = row.source_line, x.source = row.source, x.run = row.run
