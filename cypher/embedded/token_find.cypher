MATCH (t:ApiToken)
WHERE t.hash = $hash AND t.revoked = false AND (t.expires IS NULL OR t.expires > $now)
RETURN t
