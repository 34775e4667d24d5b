MATCH (a)-[r]->(b)
WHERE (a:Organisation OR a:Territory) AND (b:Organisation OR b:Territory OR b:Alliance) AND type(r) = $type
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS deleted
