MATCH (t:Territory {key: $territory})<-[:PART_OF*0..6 {partial: false}]-(:Territory)<-[:LOCATED_IN]-(o:Organisation)
WHERE o.source <> $reference_source OR EXISTS { MATCH (o)-[:MEMBER_OF]->(:Alliance) }
   OR EXISTS { MATCH (o)-[:FUNDS|CONTRACTS_WITH]-(:Organisation) }
WITH DISTINCT o
RETURN o.world AS name, count(*) AS total
