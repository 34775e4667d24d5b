MATCH (n)
WHERE $label IN labels(n)
RETURN coalesce(n.id, n.key) AS key
