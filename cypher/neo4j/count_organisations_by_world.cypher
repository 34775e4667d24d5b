MATCH (o:Organisation)
RETURN o.world AS name, count(*) AS total
