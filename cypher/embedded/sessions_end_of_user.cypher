MATCH (s:BrowserSession)
WHERE s.user_id = $user_id
DELETE s
