MATCH (o:Organisation {id: $id})-[m:MEMBER_OF]->(a:Alliance)
WHERE coalesce(a.start, date('0001-01-01')) <= $until
  AND coalesce(a.`end`, date('9999-12-31')) >= $since
  AND ($any_mode OR a.mode IN $modes)
  AND ($any_domain OR any(domain IN a.domains WHERE domain IN $domains))
RETURN o.id AS organisation_id, a.id AS alliance_id, m.role AS role
