MATCH (a:Account)
RETURN a.id AS id, a.email AS email, a.role AS role, a.territories AS territories, a.created AS created,
       a.password_hash AS password_hash
ORDER BY a.created, a.email
