MATCH (n)
WHERE $label IN labels(n) AND coalesce(n.id, n.key) IN $keys
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
