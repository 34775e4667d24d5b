MATCH (s:BrowserSession {hash: $hash})
SET s.expires = $expires
