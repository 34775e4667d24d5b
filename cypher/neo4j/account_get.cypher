MATCH (a:Account)
WHERE a.id = $id
RETURN a.id AS id, a.email AS email, a.role AS role, a.territories AS territories, a.created AS created,
       a.password_hash AS password_hash
