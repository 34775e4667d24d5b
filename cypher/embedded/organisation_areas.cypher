MATCH (t:Territory {key: $territory})<-[p:PART_OF]-(c:Territory)
WHERE p.partial = false AND c.level <> 'projet'
MATCH (c)<-[:PART_OF*0..6 (r, n | WHERE r.partial = false)]-(:Territory)<-[:LOCATED_IN]-(o:Organisation)
WHERE o.source <> $reference_source OR EXISTS { MATCH (o)-[:MEMBER_OF]->(:Alliance) }
   OR EXISTS { MATCH (o)-[:FUNDS|CONTRACTS_WITH]-(:Organisation) }
RETURN DISTINCT o.id AS id, c.key AS area
