MATCH (n)
WHERE label(n) <> 'ImportRun' AND label(n) <> 'ApiToken'
RETURN label(n) AS name, count(*) AS total
