MATCH (a)-[r]->(b)
WHERE (a:Organisation OR a:Territory) AND (b:Organisation OR b:Territory OR b:Alliance)
  AND NOT coalesce(r.run, '') IN $runs
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS deleted
