MATCH (a:Account)
WHERE a.id = $id
SET a.password_hash = $hash
RETURN a.id AS id
