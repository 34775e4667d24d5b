MATCH (n)
WHERE ((n:Organisation OR n:Territory OR n:Alliance) AND NOT coalesce(n.run, '') IN $runs)
   OR ((n:ImportRun OR n:ApiToken) AND NOT n.id IN $ids)
   OR n:Account OR n:BrowserSession OR n:PasswordLink OR n:ChangeRecord
   OR (n:Organisation AND coalesce(n.is_catalyst, false) <> n:Catalyst)
   OR (n:Catalyst AND NOT n.id IN $catalysts)
   OR (n:Organisation AND n.id IN $catalysts AND NOT n:Catalyst)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
