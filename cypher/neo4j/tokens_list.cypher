MATCH (t:ApiToken)
RETURN t
ORDER BY t.created, t.id
