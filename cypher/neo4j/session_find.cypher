MATCH (s:BrowserSession {hash: $hash})
WHERE s.expires > $now
RETURN s.user_id AS user_id, s.csrf AS csrf, s.expires AS expires
