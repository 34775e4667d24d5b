UNWIND $rows AS r
MATCH (a:Organisation {id: r.from_key})-[f:FUNDS|CONTRACTS_WITH]->(b:Organisation)
WHERE f.tie_key = r.tie_key
RETURN label(f) AS kind, a.id AS source_id, b.id AS target_id, f.tie_key AS key, f.date AS day, f.amount AS amount, f.object AS object, f.reference AS reference, f.nature AS nature, f.source AS source, f.dataset AS dataset, f.source_file AS file, f.source_line AS line
