MATCH (n)-[r]->()
WHERE n:Organisation OR n:Territory OR n:Alliance OR n:ImportRun OR n:ApiToken
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS deleted
