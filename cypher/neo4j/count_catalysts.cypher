MATCH (o:Catalyst)
RETURN count(o) AS total
