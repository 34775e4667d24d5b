MATCH (t:Territory {key: $territory})<-[:PART_OF*0..6 {partial: false}]-(:Territory)<-[:LOCATED_IN]-(o:Organisation)-[:MEMBER_OF]->(a:Alliance)
WHERE coalesce(a.start, date('0001-01-01')) <= $until
  AND coalesce(a.`end`, date('9999-12-31')) >= $since
  AND ($any_mode OR a.mode IN $modes)
  AND ($any_domain OR any(domain IN a.domains WHERE domain IN $domains))
RETURN DISTINCT a.id AS id, a.name AS name, a.mode AS mode, a.domains AS domains, a.start AS start,
       a.`end` AS `end`, a.description AS description, a.source AS source
