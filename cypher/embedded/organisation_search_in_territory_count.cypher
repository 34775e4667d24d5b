MATCH (t:Territory {key: $territory})<-[:PART_OF*0..6 (r, n | WHERE r.partial = false)]-(:Territory)<-[:LOCATED_IN]-(o:Organisation)
WHERE ($q = '' OR o.name_key CONTAINS $q OR o.id = $raw)
  AND ($world = '' OR o.world = $world)
RETURN count(DISTINCT o) AS total
