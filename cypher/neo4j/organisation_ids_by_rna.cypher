UNWIND $rnas AS wanted
MATCH (o:Organisation)
WHERE o.rna = wanted
RETURN o.rna AS rna, o.id AS id
