UNWIND $rows AS row
MATCH (a:Organisation {id: row.from_key})
MATCH (b:Organisation {id: row.to_key})
CREATE (a)-[:FUNDS {tie_key: row.tie_key, amount: row.amount, date: row.date, object: row.object, reference: row.reference, nature: row.nature, dataset: row.dataset, source_file: row.source_file, source_line: row.source_line, source: row.source, run: row.run}]->(b)
