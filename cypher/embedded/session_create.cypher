CREATE (:BrowserSession {hash: $hash, user_id: $user_id, csrf: $csrf, expires: $expires})
