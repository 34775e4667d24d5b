CREATE CONSTRAINT browser_session_hash IF NOT EXISTS FOR (n:BrowserSession) REQUIRE n.hash IS UNIQUE
