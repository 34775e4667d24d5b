MATCH (n)
WHERE n:Organisation OR n:Territory OR n:Alliance OR n:ImportRun OR n:ApiToken
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
