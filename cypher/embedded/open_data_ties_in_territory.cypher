MATCH (t:Territory {key: $territory})<-[:PART_OF*0..6 (r, n | WHERE r.partial = false)]-(:Territory)<-[:LOCATED_IN]-(o:Organisation)
WITH DISTINCT o
MATCH (o)-[f:FUNDS|CONTRACTS_WITH]-(other:Organisation)
WHERE f.date IS NULL OR (f.date >= $since AND f.date <= $until)
RETURN DISTINCT label(f) AS kind, startNode(f).id AS source_id, endNode(f).id AS target_id, f.date AS day, f.amount AS amount, f.source AS source
