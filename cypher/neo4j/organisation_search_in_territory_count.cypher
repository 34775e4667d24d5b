MATCH (t:Territory {key: $territory})<-[:PART_OF*0..6 {partial: false}]-(:Territory)<-[:LOCATED_IN]-(o:Organisation)
WITH DISTINCT o
WHERE ($q = '' OR o.name_key CONTAINS $q OR o.id = $raw)
  AND ($world = '' OR o.world = $world)
  AND ($maturity = '' OR o.maturity = $maturity)
  AND ($ess = 0 OR o.ess = ($ess = 1))
  AND ($catalyst = 0 OR coalesce(o.is_catalyst, false) = ($catalyst = 1))
  AND ($q <> '' OR o.source <> $reference_source OR EXISTS { MATCH (o)-[:MEMBER_OF]->(:Alliance) }
       OR EXISTS { MATCH (o)-[:FUNDS|CONTRACTS_WITH]-(:Organisation) })
RETURN count(o) AS total
