MATCH (t:Territory {key: $territory})<-[:PART_OF*0..6 {partial: false}]-(:Territory)<-[:LOCATED_IN]-(o:Organisation)
WITH DISTINCT o
RETURN o.world AS name, count(*) AS total
