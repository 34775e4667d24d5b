// The authorities of the territory reference that no alliance, subsidy or contract ties yet.
MATCH (o:Organisation)
WHERE o.source = $reference_source AND NOT EXISTS { MATCH (o)-[:MEMBER_OF]->(:Alliance) }
  AND NOT EXISTS { MATCH (o)-[:FUNDS|CONTRACTS_WITH]-(:Organisation) }
RETURN o.world AS name, count(*) AS total
