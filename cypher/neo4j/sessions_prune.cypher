MATCH (s:BrowserSession)
WHERE s.expires <= $now
DELETE s
