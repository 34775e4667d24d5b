MATCH (t:Territory {key: $territory})<-[:PART_OF*0..6 {partial: false}]-(:Territory)<-[:LOCATED_IN]-(o:Organisation)
MATCH (o)-[f:FUNDS|CONTRACTS_WITH]->(b:Organisation)
WHERE f.date IS NULL OR (f.date >= $since AND f.date <= $until)
RETURN type(f) AS kind, o.id AS source_id, b.id AS target_id, f.date AS day, f.amount AS amount, f.source AS source
UNION
MATCH (t:Territory {key: $territory})<-[:PART_OF*0..6 {partial: false}]-(:Territory)<-[:LOCATED_IN]-(o:Organisation)
MATCH (a:Organisation)-[f:FUNDS|CONTRACTS_WITH]->(o)
WHERE f.date IS NULL OR (f.date >= $since AND f.date <= $until)
RETURN type(f) AS kind, a.id AS source_id, o.id AS target_id, f.date AS day, f.amount AS amount, f.source AS source
