MATCH (n)
WHERE n:Organisation OR n:Territory OR n:Alliance OR n:ImportRun OR n:ApiToken
RETURN [label IN labels(n) WHERE label <> 'Catalyst'][0] AS label, n:Catalyst AS catalyst,
       coalesce(n.id, n.key) AS key, properties(n) AS props
