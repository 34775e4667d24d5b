MATCH (t:Territory {key: $territory})<-[:PART_OF*0..6 (r, n | WHERE r.partial = false)]-(:Territory)<-[:LOCATED_IN]-(o:Organisation)
RETURN DISTINCT o.id AS id
