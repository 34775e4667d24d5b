MATCH (t:Territory)
WHERE t.code = $code
RETURN t.key AS key, t.level AS level
