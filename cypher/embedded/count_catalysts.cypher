MATCH (o:Organisation)
WHERE o.is_catalyst = true
RETURN count(o) AS total
