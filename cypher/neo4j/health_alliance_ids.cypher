MATCH (a:Alliance)
RETURN a.id AS id
ORDER BY a.id
