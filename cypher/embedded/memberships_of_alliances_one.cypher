MATCH (o:Organisation)-[m:MEMBER_OF]->(a:Alliance {id: $id})
RETURN o.id AS organisation_id, a.id AS alliance_id, m.role AS role
