MATCH (n)
WHERE label(n) <> 'ImportRun'
RETURN label(n) AS name, count(*) AS total
