UNWIND $numbers AS wanted
MATCH (o:Organisation)
WHERE o.siren = wanted
RETURN o.siren AS number, o.id AS id
