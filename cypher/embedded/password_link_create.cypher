CREATE (:PasswordLink {hash: $hash, user_id: $user_id, expires: $expires})
