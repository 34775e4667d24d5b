MATCH (t:Territory {key: $territory})<-[:PART_OF*0..6 {partial: false}]-(:Territory)<-[:LOCATED_IN]-(o:Organisation)
RETURN DISTINCT o.id AS id
