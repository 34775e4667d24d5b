MATCH (t:Territory {key: $territory})<-[:PART_OF*0..6 (r, n | WHERE r.partial = false)]-(:Territory)<-[:LOCATED_IN]-(o:Organisation)
WITH DISTINCT o
RETURN o.world AS name, count(*) AS total
