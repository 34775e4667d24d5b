MATCH (n)
WHERE n:Organisation OR n:Territory OR n:Alliance OR n:ImportRun OR n:ApiToken
   OR n:Account OR n:BrowserSession OR n:PasswordLink OR n:ChangeRecord
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
