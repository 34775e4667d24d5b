MATCH (t:Territory {level: $level})<-[:PART_OF*0..6 {partial: false}]-(:Territory)<-[:LOCATED_IN]-(o:Organisation)
WITH t.key AS key, count(DISTINCT o) AS total
RETURN key, total
