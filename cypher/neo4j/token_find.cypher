MATCH (t:ApiToken)
WHERE t.hash = $hash AND t.revoked = false
RETURN t
