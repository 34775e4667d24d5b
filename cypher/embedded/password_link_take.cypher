MATCH (l:PasswordLink {hash: $hash})
WITH l, l.user_id AS user_id, l.expires AS expires
DELETE l
RETURN user_id, expires
