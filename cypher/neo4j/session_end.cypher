MATCH (s:BrowserSession {hash: $hash})
DELETE s
