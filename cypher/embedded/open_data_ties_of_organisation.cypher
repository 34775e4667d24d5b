MATCH (a:Organisation)-[f:FUNDS|CONTRACTS_WITH]->(b:Organisation)
WHERE a.id = $id OR b.id = $id
RETURN label(f) AS kind, a.id AS source_id, b.id AS target_id, f.date AS day, f.amount AS amount, f.object AS object, f.reference AS reference, f.nature AS nature, f.source AS source
ORDER BY day DESC, amount DESC
