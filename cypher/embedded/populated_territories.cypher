MATCH (t:Territory {level: $level})<-[:PART_OF*0..6 (r, n | WHERE r.partial = false)]-(:Territory)<-[:LOCATED_IN]-(o:Organisation)
WHERE o.source <> $reference_source OR EXISTS { MATCH (o)-[:MEMBER_OF]->(:Alliance) }
   OR EXISTS { MATCH (o)-[:FUNDS|CONTRACTS_WITH]-(:Organisation) }
WITH t.key AS key, count(DISTINCT o) AS total
RETURN key, total
