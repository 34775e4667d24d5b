UNWIND $rows AS row
MATCH (a:Organisation {id: row.from_key})
MATCH (b:Organisation {id: row.to_key})
CREATE (a)-[:FUNDS {tie_key: row.tie_key, amount: CAST(row.amount AS DOUBLE), date: CAST(row.date AS DATE), object: row.object, reference: row.reference, nature: row.nature, dataset: row.dataset, source_file: row.source_file, source_line: CAST(row.source_line AS INT64), source: row.source, run: row.run}]->(b)
