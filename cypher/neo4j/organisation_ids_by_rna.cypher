UNWIND $numbers AS wanted
MATCH (o:Organisation)
WHERE o.rna = wanted
RETURN o.rna AS number, o.id AS id
