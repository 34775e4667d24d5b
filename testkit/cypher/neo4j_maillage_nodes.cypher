MATCH (n)
WHERE n:Organisation OR n:Territory OR n:Alliance OR n:ImportRun OR n:ApiToken
RETURN count(n) AS total
